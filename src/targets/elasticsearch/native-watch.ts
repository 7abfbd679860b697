// Native watch definitions (docs/import.md) both ways: a `*.watch.json|yaml` file into the watch
// detctl deploys (its body as written, its id kept, ownership metadata added as for a Sigma
// watch), and a listed watch detctl does not own into the file a person would have written
// (`detctl import`: the server's defaults removed with the normaliser's own rows, hidden
// passwords replaced by `${VAR}` placeholders).
import { contentHash } from '../../base/canonical-json.js';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { NativeWatch } from '../../rules/native/model.js';
import type { LiveObject } from '../target-object.js';
import type { NativeExport } from '../provider.js';
import { withoutDefaults } from './normalise-watch.js';
import { validateWatchBody } from './watch-grammar/index.js';
import type { WatchObject } from './objects.js';
import { MANAGED_BY } from './render-watch.js';
import { secretHash } from './secret-hash.js';
import { REDACTED, WATCH_SERIALISATION } from './watch-serialisation.js';

/** The metadata keys detctl writes on a watch: a native file may not set them itself. */
export const OWNERSHIP_KEYS = ['managed_by', 'env', 'source', 'content_hash', 'secrets_hash'] as const;

/**
 * What the target checks of a native watch beyond what the rules layer read (`id`, `active`, a
 * mapping): the body against the Watcher grammar (watch-grammar/, written from WatchParser and
 * the parsers it calls), and that its metadata leaves detctl's ownership keys alone.
 */
export function checkNativeWatch(rule: NativeWatch): Diagnostic[] {
  const diagnostics: Diagnostic[] = [...validateWatchBody(rule.root)];
  const metadata = rule.root.kind === 'map' ? rule.root.entries.find((e) => e.key === 'metadata') : undefined;
  if (metadata?.value.kind === 'map') {
    for (const e of metadata.value.entries) {
      if ((OWNERSHIP_KEYS as readonly string[]).includes(e.key)) {
        diagnostics.push(diagnostic('native-watch-metadata', `metadata.${e.key} is detctl's ownership metadata and is written by detctl`, e.keyLoc, 'remove it from the file'));
      }
    }
  }
  return diagnostics;
}

export interface NativeWatchContext {
  target: string;
  env: string;
  /** A text with the environment's `${VAR}` references resolved (RenderInput.reveal); identity when absent. */
  reveal?(value: string): string;
}

/** The watch of a native definition: its body as written, ownership metadata added in `metadata`. */
export function renderNativeWatch(rule: NativeWatch, context: NativeWatchContext): WatchObject {
  const { metadata: own, ...body } = rule.body as Record<string, unknown> & { metadata?: Record<string, unknown> };
  // Every text holding a reference is a value sent but never shown in plans (or, for a password,
  // by Watcher): the slow hash of the resolved values tells when one changed (as for Sigma).
  const secrets = context.reveal ? referencedTexts(body).map(context.reveal) : [];
  const metadata: Record<string, unknown> = {
    ...(own ?? {}),
    managed_by: MANAGED_BY,
    env: context.env,
    source: rule.path,
    ...(secrets.length > 0 ? { secrets_hash: secretHash(secrets, `${context.env}/${context.target}`) } : {}),
  };
  const withMetadata = { ...body, metadata: { ...metadata, content_hash: contentHash({ ...body, metadata }) } };
  return { kind: 'watch', target: context.target, id: rule.id, active: rule.active, body: withMetadata, source: rule.path, adopt: true };
}

/** The strings of `value` that hold a `${VAR}` reference. */
function referencedTexts(value: unknown): string[] {
  if (typeof value === 'string') return /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(referencedTexts);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(referencedTexts);
  return [];
}

/**
 * An adopted watch given back (rollback to before its adoption): its definition as the adopting
 * release wrote it — the passwords still references, which the request resolves; the pre-image
 * holds only Watcher's `::es_redacted::` — with the metadata and active state it had before.
 */
export function giveBackWatch(preImage: LiveObject, adopted: WatchObject | undefined, source: string): WatchObject {
  const raw = preImage.raw as { watch: Record<string, unknown>; active: boolean };
  const { metadata: _ownership, ...definition } = adopted?.body ?? raw.watch;
  const before = raw.watch.metadata;
  return { kind: 'watch', target: preImage.target, id: preImage.id, active: raw.active, body: { ...definition, ...(before !== undefined ? { metadata: before } : {}) }, source };
}

/** Watcher's secret fields, from the serialisation table (email and webhook passwords). */
const SECRET_ROWS = WATCH_SERIALISATION.filter((r) => r.coercion.kind === 'secret');

/**
 * A listed watch as the native file a person would have written: `id`, `active` when false (the
 * status's `active`; the rest of the status is not imported), then the body without the
 * server's defaults. Each hidden password becomes a `${VAR}` named after the watch and action.
 */
export function exportNativeWatch(live: LiveObject): NativeExport {
  const raw = live.raw as { watch: Record<string, unknown>; active: boolean };
  const body = withoutDefaults(raw.watch);
  const variables: NativeExport['variables'] = [];
  for (const row of SECRET_ROWS) {
    // at: ['actions', '*', 'webhook', 'auth', 'basic'] → each action's object holding the password
    const [first, star, ...rest] = row.at;
    const actions = first === 'actions' && star === '*' ? (body.actions as Record<string, unknown> | undefined) : undefined;
    for (const [actionId, action] of Object.entries(actions ?? {})) {
      let holder: unknown = action;
      for (const step of rest) holder = holder !== null && typeof holder === 'object' ? (holder as Record<string, unknown>)[step] : undefined;
      if (holder === null || typeof holder !== 'object') continue;
      const record = holder as Record<string, unknown>;
      const value = record[row.key];
      // `::es_redacted::`, or `::es_encrypted::…` when Watcher encrypts sensitive data.
      if (typeof value !== 'string' || !(value === REDACTED || value.startsWith('::es_'))) continue;
      const name = variableName(`${live.id}_${actionId}_${row.key}`);
      record[row.key] = `\${${name}}`;
      variables.push({ name, what: `the ${row.id} of action "${actionId}" of watch "${live.id}"` });
    }
  }
  const definition = { id: live.id, ...(raw.active ? {} : { active: false }), ...body };
  return { id: live.id, suffix: '.watch.yaml', definition, variables };
}

/** An environment variable name from any text: upper case, `_` for everything else, never a leading digit. */
function variableName(text: string): string {
  const name = text.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}
