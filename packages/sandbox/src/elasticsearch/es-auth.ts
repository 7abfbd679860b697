// Elasticsearch security: an API key (`ApiKey base64(id:key)`), HTTP Basic, or a bearer token.
// Missing and wrong credentials are both 401 security_exception, worded differently, with the
// WWW-Authenticate challenges both as headers and inside the body.
import { decodeApiKey, sameSecret, type EsCredentials } from '../credentials.js';
import { cause, EsHttpError } from './es-errors.js';

const CHALLENGES = ['Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', 'ApiKey'];

/** The authenticated principal, or the 401 to answer with. */
export function authenticate(authorization: string | undefined, uri: string, credentials: EsCredentials): { user: string } | EsHttpError {
  if (!authorization) return unauthenticated(`missing authentication credentials for REST request [${uri}]`);
  const space = authorization.indexOf(' ');
  const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : authorization.slice(space + 1).trim();
  const providedButWrong = 'unable to authenticate with provided credentials and anonymous access is not allowed for this request';

  if (scheme === 'apikey') {
    const key = decodeApiKey(value);
    const expected = credentials.apiKey;
    return key && sameSecret(key.id, expected.id) && sameSecret(key.key, expected.key) ? { user: `api_key:${key.id}` } : unauthenticated(providedButWrong);
  }
  if (scheme === 'bearer') {
    return sameSecret(value, credentials.bearerToken) ? { user: 'bearer' } : unauthenticated(providedButWrong);
  }
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (sameSecret(username, credentials.username) && sameSecret(password, credentials.password)) return { user: username };
    return unauthenticated(`unable to authenticate user [${username}] for REST request [${uri}]`);
  }
  return unauthenticated(`missing authentication credentials for REST request [${uri}]`);
}

function unauthenticated(reason: string): EsHttpError {
  const c = cause('security_exception', reason, { extra: { header: { 'WWW-Authenticate': CHALLENGES } } });
  return new EsHttpError(401, c, undefined, { 'www-authenticate': CHALLENGES });
}
