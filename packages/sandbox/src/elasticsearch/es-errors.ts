// Elasticsearch's error envelope: {"error":{"root_cause":[…],"type","reason",…,"caused_by"},"status"}.
// root_cause follows ES's guessRootCauses: walk down caused_by while the cause is itself an
// Elasticsearch exception; a plain Java exception (illegal_argument_exception, and
// x_content_parse_exception, which extends it) stops the walk.
import type { JsonObject } from '../json.js';

export interface EsCause {
  type: string;
  reason: string | null;
  /** Extra keys ES puts next to type/reason (index, shard, header, …), in order. */
  extra?: JsonObject;
  causedBy?: EsCause;
  /** True for Java exceptions that are not ElasticsearchExceptions. */
  plainJava?: boolean;
}

export class EsHttpError extends Error {
  constructor(
    readonly status: number,
    readonly esCause: EsCause,
    /** When ES reports root causes that are not on the caused_by chain (shard failures). */
    readonly rootCauses?: EsCause[],
    readonly headers?: Record<string, string | string[]>,
  ) {
    super(esCause.reason ?? esCause.type);
    this.name = 'EsHttpError';
  }
}

const PLAIN_JAVA = new Set(['illegal_argument_exception', 'x_content_parse_exception', 'x_content_e_o_f_exception', 'number_format_exception', 'illegal_state_exception']);

export function cause(type: string, reason: string | null, more: { extra?: JsonObject; causedBy?: EsCause } = {}): EsCause {
  return { type, reason, ...more, ...(PLAIN_JAVA.has(type) ? { plainJava: true } : {}) };
}

export function esError(status: number, type: string, reason: string | null, more: { extra?: JsonObject; causedBy?: EsCause } = {}): EsHttpError {
  return new EsHttpError(status, cause(type, reason, more));
}

export function errorBody(error: EsHttpError): JsonObject {
  const roots = error.rootCauses ?? [rootCauseOf(error.esCause)];
  return { error: { root_cause: roots.map((c) => causeJson(c, false)), ...causeJson(error.esCause, true) }, status: error.status };
}

function rootCauseOf(c: EsCause): EsCause {
  let current = c;
  while (current.causedBy && !current.causedBy.plainJava && !current.plainJava) current = current.causedBy;
  return current;
}

function causeJson(c: EsCause, withCause: boolean): JsonObject {
  const out: JsonObject = { type: c.type, reason: c.reason, ...(c.extra ?? {}) };
  if (withCause && c.causedBy) out.caused_by = causeJson(c.causedBy, true);
  return out;
}

// ---- the errors more than one module raises -------------------------------------------------

/** ElasticsearchParseException, the watch parser's error. */
export function parseError(reason: string, causedBy?: EsCause): EsHttpError {
  return esError(400, 'parse_exception', reason, causedBy ? { causedBy } : {});
}

export function illegalArgument(reason: string): EsHttpError {
  return esError(400, 'illegal_argument_exception', reason);
}

/** ActionRequestValidationException: "Validation Failed: 1: a;2: b;" */
export function validationFailed(messages: string[]): EsHttpError {
  const reason = 'Validation Failed: ' + messages.map((m, i) => `${i + 1}: ${m};`).join('');
  return esError(400, 'action_request_validation_exception', reason);
}

export function shardExtra(index: string, indexUuid: string): JsonObject {
  return { index_uuid: indexUuid, shard: '0', index };
}

export function indexNotFound(index: string): EsHttpError {
  return esError(404, 'index_not_found_exception', `no such index [${index}]`, {
    extra: { 'resource.type': 'index_or_alias', 'resource.id': index, index_uuid: '_na_', index },
  });
}

/**
 * A failure on the shard during a search: ES reports it as search_phase_execution_exception
 * "all shards failed", with the shard's own error as root cause and caused_by.
 */
export function shardSearchFailure(index: string, failure: EsCause, status = 400): EsHttpError {
  const failureJson = causeJson(failure, true);
  return new EsHttpError(
    status,
    cause('search_phase_execution_exception', 'all shards failed', {
      extra: { phase: 'query', grouped: true, failed_shards: [{ shard: 0, index, node: SANDBOX_NODE_ID, reason: failureJson }] },
      causedBy: failure,
    }),
    [failure],
  );
}

export const SANDBOX_NODE_ID = 'dEtCtLsAnDbOxNoDe0001';
