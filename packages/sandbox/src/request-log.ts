// The record of every request, in arrival order, for tests to assert on ("no write reached the
// server", "the retry came after the 503"). Headers and bodies are never kept: they carry secrets.
import type { FaultKind } from './faults.js';
import type { TargetName } from './http/exchange.js';

export interface RequestLogEntry {
  /** Arrival order across both targets, from 1. */
  seq: number;
  target: TargetName;
  method: string;
  /** Decoded path, e.g. `/servicesNS/nobody/search/saved/searches/ESCU - X - Rule`. */
  path: string;
  query: Record<string, string | string[]>;
  /** HTTP status; 0 while in flight and for a reset or a timeout, which never answer. */
  status: number;
  fault?: FaultKind;
  /** ISO time the request arrived. */
  at: string;
  durationMs?: number;
}

const SECRET_QUERY_KEY = /pass(word)?|secret|token|api_?key|session_?key|^auth/i;

export class RequestLog {
  /** Live array: entries are appended and updated in place, and `clear()` empties it in place. */
  readonly entries: RequestLogEntry[] = [];
  private seq = 0;

  begin(target: TargetName, method: string, path: string, query: URLSearchParams, at: Date): RequestLogEntry {
    const entry: RequestLogEntry = { seq: ++this.seq, target, method, path, query: redactedQuery(query), status: 0, at: at.toISOString() };
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function redactedQuery(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key).map((v) => (SECRET_QUERY_KEY.test(key) ? '<redacted>' : v));
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}
