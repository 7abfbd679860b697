// splunkd authentication: `Authorization: Bearer <token>` (a JWT authentication token),
// `Authorization: Splunk <sessionKey>` from POST auth/login, or HTTP Basic. Session keys live in
// memory only, like a restarted splunkd's.
import { randomBytes } from 'node:crypto';
import { sameSecret, type SplunkCredentials } from '../credentials.js';

export class SplunkAuth {
  private readonly sessions = new Map<string, string>();

  constructor(private readonly credentials: SplunkCredentials) {}

  /** The user a request authenticates as, or undefined. */
  userOf(authorization: string | undefined): string | undefined {
    if (!authorization) return undefined;
    const space = authorization.indexOf(' ');
    if (space < 0) return undefined;
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (scheme === 'bearer') return sameSecret(value, this.credentials.token) ? this.credentials.username : undefined;
    if (scheme === 'splunk') return this.sessions.get(value);
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && this.valid(decoded.slice(0, colon), decoded.slice(colon + 1)) ? decoded.slice(0, colon) : undefined;
    }
    return undefined;
  }

  /** A new session key for valid credentials. */
  login(username: string, password: string): string | undefined {
    if (!this.valid(username, password)) return undefined;
    const key = randomBytes(24).toString('base64url');
    this.sessions.set(key, username);
    return key;
  }

  private valid(username: string, password: string): boolean {
    return sameSecret(username, this.credentials.username) && sameSecret(password, this.credentials.password);
  }
}
