// Elasticsearch's media-type rules (RestCompatibleVersionHelper and ParsedMediaType): a request
// may ask for REST compatibility with `compatible-with=N` on Accept and Content-Type. A 9.x server
// accepts 9 and 8; anything else, a non-number, a mismatch between the two headers, or only one
// of them versioned on a request with a body is a 400 media_type_header_exception. An Accept that
// is a list ("…; compatible-with=9,text/plain", what the JS client sends without a body) counts
// as not given at all.
import { cause, EsHttpError, type EsCause } from './es-errors.js';

export const CURRENT_MAJOR = 9;
export const MINIMUM_COMPATIBLE_MAJOR = 8;

interface ParsedMediaType {
  original: string;
  type: string;
  subtype: string;
  params: Record<string, string>;
}

export interface Negotiated {
  /** Content-Type of the reply: ES echoes the vendor type when compatibility was asked for. */
  responseContentType: string;
}

const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;

/** Throws the error ES answers with, or says what content type to answer in. */
export function negotiate(accept: string | undefined, contentType: string | undefined, hasBody: boolean): Negotiated {
  const parsedAccept = parseHeader(accept, 'Accept');
  const parsedContent = parseHeader(contentType, 'Content-Type');
  const acceptVersion = versionOf(parsedAccept, 'Accept');
  const contentVersion = versionOf(parsedContent, 'Content-Type');
  const a = acceptVersion ?? CURRENT_MAJOR;
  const c = contentVersion ?? CURRENT_MAJOR;

  if (a > CURRENT_MAJOR || a < MINIMUM_COMPATIBLE_MAJOR) {
    throw versionError(`Accept version must be either version ${CURRENT_MAJOR} or ${MINIMUM_COMPATIBLE_MAJOR}, but found ${a}. Accept=${accept}`);
  }
  if (hasBody) {
    if (c > CURRENT_MAJOR || c < MINIMUM_COMPATIBLE_MAJOR) {
      throw versionError(`Content-Type version must be either version ${CURRENT_MAJOR} or ${MINIMUM_COMPATIBLE_MAJOR}, but found ${c}. Content-Type=${contentType}`);
    }
    if (a !== c) {
      throw versionError(
        'A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version ' +
          `and the compatible versions must match. Accept=${accept}, Content-Type=${contentType}`,
      );
    }
    if ((acceptVersion === undefined) !== (contentVersion === undefined)) {
      throw versionError(
        `A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept=${accept}, Content-Type=${contentType}`,
      );
    }
  }
  const version = acceptVersion ?? (hasBody ? contentVersion : undefined);
  return { responseContentType: version === undefined ? 'application/json' : `application/vnd.elasticsearch+json;compatible-with=${version}` };
}

/** The media types a JSON endpoint reads. ES also reads YAML, CBOR and Smile; the sandbox does not. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const base = contentType.split(';')[0].trim().toLowerCase();
  return base === 'application/json' || base === 'application/vnd.elasticsearch+json' || base === 'application/x-ndjson' || base === 'application/vnd.elasticsearch+x-ndjson';
}

function parseHeader(value: string | undefined, header: string): ParsedMediaType | undefined {
  if (value === undefined || value.includes(',') || value === '*/*') return undefined;
  const elements = value.toLowerCase().split(';');
  const [type, subtype, ...more] = elements[0].split('/');
  if (more.length > 0 || subtype === undefined || !TOKEN.test(type.trim()) || !TOKEN.test(subtype.trim())) {
    throw headerError(header, cause('illegal_argument_exception', `invalid media-type [${value}]`));
  }
  const params: Record<string, string> = {};
  for (const element of elements.slice(1)) {
    const param = element.trim();
    if (param === '') continue;
    const pair = param.split('=');
    if (pair.length !== 2 || /\s$/.test(pair[0]) || /^\s/.test(pair[1]) || pair[0] === '' || pair[1] === '') {
      throw headerError(header, cause('illegal_argument_exception', `invalid parameters for header [${value}]`));
    }
    params[pair[0].trim()] = pair[1].trim();
  }
  return { original: value, type: type.trim(), subtype: subtype.trim(), params };
}

function versionOf(parsed: ParsedMediaType | undefined, header: string): number | undefined {
  const raw = parsed?.params['compatible-with'];
  if (raw === undefined) return undefined;
  // Java's Byte.parseByte: an optional sign and digits, within a byte.
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < -128 || n > 127) {
    throw headerError(header, cause('number_format_exception', `For input string: "${raw}"`));
  }
  return n;
}

function versionError(reason: string): EsHttpError {
  return mediaTypeHeaderError('[Accept, Content-Type]', cause('status_exception', reason));
}

function headerError(header: string, causedBy: EsCause): EsHttpError {
  return mediaTypeHeaderError(`[${header}]`, causedBy);
}

function mediaTypeHeaderError(headers: string, causedBy: EsCause): EsHttpError {
  const reason = `Invalid media-type value on headers ${headers}`;
  // MediaTypeHeaderException is not an ElasticsearchException, so it is its own root cause.
  return new EsHttpError(400, cause('media_type_header_exception', reason, { causedBy }), [cause('media_type_header_exception', reason)]);
}
