// The fields of a change as a reviewer reads them (text and markdown plans; the JSON plan keeps
// them all): ownership hashes left out, and the query shown once. A watch carries its query twice
// — sent in `input.search.request.body.query.bool.must[…].query_string.query` and recorded in
// `metadata.query` — so the query is shown as one field, `query`, and the `must` list only when
// something besides the query changed in it.
import { canonicalJson } from '../base/canonical-json.js';
import type { FieldChange, PlannedChange } from './model.js';

/** `query`: the change's query or search (shown as a diff); `other`: everything else. */
export type FieldRole = 'query' | 'other';

export interface ReviewField extends FieldChange {
  role: FieldRole;
}

export interface ReviewView {
  fields: ReviewField[];
  /** What the hidden fields said, when it matters (a secret changed). */
  notes: string[];
}

/** Fields that only tell detctl whether an object changed: the content of the others, hashed. */
export const HIDDEN_WATCH_FIELDS = ['metadata.content_hash', 'metadata.secrets_hash'];
const WATCH_QUERY = 'metadata.query';
const WATCH_MUST = 'input.search.request.body.query.bool.must';
/** The query shown in place of a `must` entry's query_string.query when it is the `query` field. */
export const QUERY_PLACEHOLDER = '(the query, shown as `query`)';

export function reviewFields(change: PlannedChange): ReviewView {
  if (change.kind === 'watch') return watchFields(change);
  const query = change.kind === 'saved-search' ? 'search' : 'definition';
  return { fields: change.fields.map((f) => ({ ...f, role: f.path === query ? 'query' : 'other' })), notes: [] };
}

function watchFields(change: PlannedChange): ReviewView {
  const notes: string[] = [];
  const secrets = change.fields.find((f) => f.path === 'metadata.secrets_hash');
  if (secrets && secrets.before !== undefined && secrets.after !== undefined) notes.push('a secret it is sent with changed (its value is not shown)');
  const shown = change.fields.filter((f) => !HIDDEN_WATCH_FIELDS.includes(f.path));
  const query = shown.find((f) => f.path === WATCH_QUERY);
  const must = shown.find((f) => f.path === WATCH_MUST);
  const fields: ReviewField[] = [];
  for (const field of shown) {
    if (field === query && must) {
      fields.push({ ...field, path: 'query', role: 'query' });
    } else if (field === must && query) {
      // The list without the query: shown only when it still differs (another clause, a flag).
      const before = withoutQuery(must.before, query.before);
      const after = withoutQuery(must.after, query.after);
      if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) continue;
      if (change.action === 'create' || change.action === 'delete') continue;
      fields.push({ path: must.path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), role: 'other' });
    } else {
      fields.push({ ...field, role: field === must || field === query ? 'query' : 'other' });
    }
  }
  // The query first: it is what a reviewer checks.
  fields.sort((a, b) => (a.role === b.role ? 0 : a.role === 'query' ? -1 : 1));
  return { fields, notes };
}

/** A `must` list with each query_string.query equal to `query` replaced by the placeholder. */
function withoutQuery(must: unknown, query: unknown): unknown {
  if (!Array.isArray(must) || typeof query !== 'string') return must;
  return must.map((clause: unknown) => {
    const qs = (clause as { query_string?: { query?: unknown } } | null)?.query_string;
    if (!qs || qs.query !== query) return clause;
    return { ...(clause as object), query_string: { ...qs, query: QUERY_PLACEHOLDER } };
  });
}
