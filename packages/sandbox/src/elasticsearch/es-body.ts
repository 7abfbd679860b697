// Reading a JSON request body and failing as ES does. A syntax error is x_content_parse_exception
// with `[line:col]` and Jackson's text (or x_content_e_o_f_exception when the input ends early);
// a document being indexed wraps that in document_parsing_exception.
import { isObject, type Json, type JsonObject } from '../json.js';
import { cause, EsHttpError, type EsCause } from './es-errors.js';
import { JsonSyntaxError, parseStrictJson } from './strict-json.js';

const SOURCE_NOTE = ' at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)';

export function syntaxCause(error: JsonSyntaxError): EsCause {
  const where = `[${error.line}:${error.column}]`;
  if (error.endOfInput) return cause('x_content_e_o_f_exception', `${where} Unexpected end of file`);
  return cause('x_content_parse_exception', `${where} ${error.detail}\n${SOURCE_NOTE}; line: ${error.line}, column: ${error.column}]`);
}

/** Parses `body`; undefined when it is empty. */
export function parseBody(body: Buffer): Json | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return parseStrictJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new EsHttpError(400, syntaxCause(error));
    throw error;
  }
}

/** A request body that must be an object when present (search, query watches, settings). */
export function parseObjectBody(body: Buffer): JsonObject | undefined {
  const value = parseBody(body);
  if (value === undefined || isObject(value)) return value;
  throw new EsHttpError(400, cause('parsing_exception', `Expected [START_OBJECT] but found [${Array.isArray(value) ? 'START_ARRAY' : 'VALUE_STRING'}]`, { extra: { line: 1, col: 1 } }));
}

/** The source of a document being indexed. */
export function parseDocumentSource(body: Buffer): JsonObject {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new EsHttpError(400, cause('action_request_validation_exception', 'Validation Failed: 1: source is missing;'));
  let value: Json;
  try {
    value = parseStrictJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const inner = syntaxCause(error);
    throw new EsHttpError(400, cause('document_parsing_exception', `[${error.line}:${error.column}] failed to parse: ${inner.reason}`, { causedBy: inner }));
  }
  if (!isObject(value)) throw new EsHttpError(400, cause('document_parsing_exception', 'failed to parse, document is empty'));
  return value;
}
