// The credentials each stand-in accepts. Precedence: what the caller passes, then the
// environment variables below, then fixed well-known defaults (documented in docs/sandbox.md;
// harmless, since the sandbox only listens on loopback and holds toy data).
import { timingSafeEqual } from 'node:crypto';

export interface EsCredentials {
  /** Accepted as `Authorization: ApiKey base64(id:key)`. */
  apiKey: { id: string; key: string };
  /** Accepted as HTTP Basic. */
  username: string;
  password: string;
  /** Accepted as `Authorization: Bearer <token>`. */
  bearerToken: string;
}

export interface SplunkCredentials {
  /** Accepted as `Authorization: Bearer <token>`. */
  token: string;
  /** Accepted as HTTP Basic and by `auth/login`, which hands out `Authorization: Splunk <sessionKey>` keys. */
  username: string;
  password: string;
}

export interface SandboxCredentials {
  elasticsearch: EsCredentials;
  splunk: SplunkCredentials;
}

export interface CredentialOverrides {
  elasticsearch?: Partial<EsCredentials>;
  splunk?: Partial<SplunkCredentials>;
}

export const CREDENTIAL_ENV = {
  esApiKey: 'DETCTL_SANDBOX_ES_API_KEY',
  esUsername: 'DETCTL_SANDBOX_ES_USERNAME',
  esPassword: 'DETCTL_SANDBOX_ES_PASSWORD',
  esBearer: 'DETCTL_SANDBOX_ES_BEARER_TOKEN',
  splunkToken: 'DETCTL_SANDBOX_SPLUNK_TOKEN',
  splunkUsername: 'DETCTL_SANDBOX_SPLUNK_USERNAME',
  splunkPassword: 'DETCTL_SANDBOX_SPLUNK_PASSWORD',
} as const;

export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  elasticsearch: {
    apiKey: { id: 'detctl-sandbox', key: 'sandbox-api-key' },
    username: 'elastic',
    password: 'sandbox-password',
    bearerToken: 'sandbox-es-bearer-token',
  },
  splunk: { token: 'sandbox-splunk-token', username: 'admin', password: 'sandbox-password' },
};

/** The `encoded` form of an API key, as ES hands it out and as clients send it. */
export function encodeApiKey(apiKey: { id: string; key: string }): string {
  return Buffer.from(`${apiKey.id}:${apiKey.key}`, 'utf8').toString('base64');
}

export function decodeApiKey(encoded: string): { id: string; key: string } | undefined {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon > 0 ? { id: text.slice(0, colon), key: text.slice(colon + 1) } : undefined;
}

export function resolveCredentials(overrides: CredentialOverrides = {}, env: NodeJS.ProcessEnv = process.env): SandboxCredentials {
  const encodedKey = env[CREDENTIAL_ENV.esApiKey];
  const envApiKey = encodedKey ? decodeApiKey(encodedKey) : undefined;
  if (encodedKey && !envApiKey) throw new Error(`${CREDENTIAL_ENV.esApiKey} must be an encoded API key: base64 of "id:key"`);
  const es = DEFAULT_CREDENTIALS.elasticsearch;
  const splunk = DEFAULT_CREDENTIALS.splunk;
  return {
    elasticsearch: {
      apiKey: overrides.elasticsearch?.apiKey ?? envApiKey ?? es.apiKey,
      username: overrides.elasticsearch?.username ?? env[CREDENTIAL_ENV.esUsername] ?? es.username,
      password: overrides.elasticsearch?.password ?? env[CREDENTIAL_ENV.esPassword] ?? es.password,
      bearerToken: overrides.elasticsearch?.bearerToken ?? env[CREDENTIAL_ENV.esBearer] ?? es.bearerToken,
    },
    splunk: {
      token: overrides.splunk?.token ?? env[CREDENTIAL_ENV.splunkToken] ?? splunk.token,
      username: overrides.splunk?.username ?? env[CREDENTIAL_ENV.splunkUsername] ?? splunk.username,
      password: overrides.splunk?.password ?? env[CREDENTIAL_ENV.splunkPassword] ?? splunk.password,
    },
  };
}

/** Constant-time string comparison, so the sandbox does not teach timing-unsafe habits. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

