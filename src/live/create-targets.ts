// The adapters of an environment's targets, each made by its type's provider, behind the
// environment's references (docs/deploy.md, "Secrets"): what an adapter lists has every value from
// the environment replaced by its reference `${VAR}` as soon as it is listed (canonical and raw),
// and what it is asked to write has every reference resolved, in the request only.
import type { References } from '../base/references.js';
import { hideValues, resolveReferences } from '../base/references.js';
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { providerOf } from '../targets/registry.js';
import { TargetError, awaitedLater, type DesiredList, type TargetAdapter } from '../targets/target.js';
import type { Canonical, LiveObject, TargetObject } from '../targets/target-object.js';
import { TLS_CA_UNREADABLE } from '../targets/tls-options.js';

export interface TargetOptions {
  projectDir: string;
  /**
   * The references the adapters hide and resolve, when they are not the environment's own: `plan`
   * creates its targets before the rules load, and a native definition's variables join the
   * references only then (desired/load-desired-state.ts), before the listing has any use for them.
   */
  references?: () => References;
}

/** One after the other, so that of two broken targets the first named in the file is reported. */
export async function createTargets(environment: Environment, options: TargetOptions): Promise<TargetAdapter[]> {
  const adapters: TargetAdapter[] = [];
  for (const [name, settings] of Object.entries(environment.settings.targets)) {
    try {
      const adapter = await providerOf(settings.type).createAdapter(name, settings, { env: environment.name, projectDir: options.projectDir });
      adapters.push(withReferences(adapter, options.references ?? (() => environment.secrets)));
    } catch (error) {
      // A setting found wrong only now (an unreadable tls.ca) is an error at its key in the environment file.
      if (!(error instanceof DiagnosticError)) throw error;
      throw new DiagnosticError(error.diagnostics.map((d) => (d.location ? d : { ...d, location: environment.locate(['targets', name, ...(d.code === TLS_CA_UNREADABLE ? ['tls', 'ca'] : [])]) })));
    }
  }
  return adapters;
}

/**
 * `adapter` listing references instead of values and resolving references in what it writes.
 * `references` is asked each time: the references known when the request is made.
 */
export function withReferences(adapter: TargetAdapter, references: References | (() => References)): TargetAdapter {
  const current = typeof references === 'function' ? references : () => references;
  const resolved = <T>(object: T, what: string): T => {
    try {
      return resolveReferences(object, current());
    } catch (error) {
      throw new TargetError(`${what}: ${(error as Error).message}`, undefined, false);
    }
  };
  return {
    name: adapter.name,
    type: adapter.type,
    url: adapter.url,
    canonical: (object: TargetObject): Canonical => adapter.canonical(object),
    list: async (desired: DesiredList): Promise<LiveObject[]> => {
      // An adapter lists against its own target's objects only (both read `o.target === name`):
      // the others are not resolved for it. Desired objects still loading are resolved once
      // loaded (a promise stays one, so the adapter's own requests go out meanwhile).
      const own = (objects: readonly TargetObject[]) => resolved(objects.filter((o) => o.target === adapter.name), 'listing');
      const mine = Array.isArray(desired) ? own(desired as readonly TargetObject[]) : awaitedLater(Promise.resolve(desired).then(own));
      const live = await adapter.list(mine);
      return live.map((o) => hideValues(o, current()));
    },
    ...(adapter.listUnowned ? { listUnowned: async (): Promise<LiveObject[]> => (await adapter.listUnowned!()).map((o) => hideValues(o, current())) } : {}),
    create: (object: TargetObject) => adapter.create(resolved(object, `${object.kind} of ${object.source}`)),
    update: (object: TargetObject, live: LiveObject) => adapter.update(resolved(object, `${object.kind} of ${object.source}`), resolved(live, `${live.kind} ${live.id}`)),
    delete: (live: LiveObject) => adapter.delete(resolved(live, `${live.kind} ${live.id}`)),
  };
}
