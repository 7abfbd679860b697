// The adapters of an environment's targets, each made by its type's provider, behind the
// environment's references (docs/deploy.md, "Secrets"): what an adapter lists has every value from
// the environment replaced by its reference `${VAR}` as soon as it is listed (canonical and raw),
// and what it is asked to write has every reference resolved, in the request only.
import type { References } from '../base/references.js';
import { hideValues, resolveReferences } from '../base/references.js';
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { providerOf } from '../targets/registry.js';
import { TargetError, type TargetAdapter } from '../targets/target.js';
import type { Canonical, LiveObject, TargetObject } from '../targets/target-object.js';
import { TLS_CA_UNREADABLE } from '../targets/tls-options.js';

export interface TargetOptions {
  projectDir: string;
}

/** One after the other, so that of two broken targets the first named in the file is reported. */
export async function createTargets(environment: Environment, options: TargetOptions): Promise<TargetAdapter[]> {
  const adapters: TargetAdapter[] = [];
  for (const [name, settings] of Object.entries(environment.settings.targets)) {
    try {
      const adapter = await providerOf(settings.type).createAdapter(name, settings, { env: environment.name, projectDir: options.projectDir });
      adapters.push(withReferences(adapter, environment.secrets));
    } catch (error) {
      // A setting found wrong only now (an unreadable tls.ca) is an error at its key in the environment file.
      if (!(error instanceof DiagnosticError)) throw error;
      throw new DiagnosticError(error.diagnostics.map((d) => (d.location ? d : { ...d, location: environment.locate(['targets', name, ...(d.code === TLS_CA_UNREADABLE ? ['tls', 'ca'] : [])]) })));
    }
  }
  return adapters;
}

/** `adapter` listing references instead of values and resolving references in what it writes. */
export function withReferences(adapter: TargetAdapter, references: References): TargetAdapter {
  const resolved = <T>(object: T, what: string): T => {
    try {
      return resolveReferences(object, references);
    } catch (error) {
      throw new TargetError(`${what}: ${(error as Error).message}`, undefined, false);
    }
  };
  return {
    name: adapter.name,
    type: adapter.type,
    url: adapter.url,
    canonical: (object: TargetObject): Canonical => adapter.canonical(object),
    list: async (desired: readonly TargetObject[]): Promise<LiveObject[]> => {
      // An adapter lists against its own target's objects only (both read `o.target === name`):
      // the others are not resolved for it.
      const live = await adapter.list(resolved(desired.filter((o) => o.target === adapter.name), 'listing'));
      return live.map((o) => hideValues(o, references));
    },
    ...(adapter.listUnowned ? { listUnowned: async (): Promise<LiveObject[]> => (await adapter.listUnowned!()).map((o) => hideValues(o, references)) } : {}),
    create: (object: TargetObject) => adapter.create(resolved(object, `${object.kind} of ${object.source}`)),
    update: (object: TargetObject, live: LiveObject) => adapter.update(resolved(object, `${object.kind} of ${object.source}`), resolved(live, `${live.kind} ${live.id}`)),
    delete: (live: LiveObject) => adapter.delete(resolved(live, `${live.kind} ${live.id}`)),
  };
}
