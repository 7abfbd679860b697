// A splunk-sdk Service for a target: token auth as `Authorization: Bearer`, or username and
// password through auth/login; namespace servicesNS/<owner>/<app>.
import type { Service } from 'splunk-sdk';
import type { SplunkTarget as SplunkSettings } from './settings.js';
import { tlsOptions } from '../tls-options.js';
import { splunkSdk } from './splunk-sdk.js';
import { createSplunkTransport } from './splunk-transport.js';

export function createSplunkService(settings: SplunkSettings, options: { projectDir: string; timeoutMs?: number }): Service {
  const { Service } = splunkSdk();
  const url = new URL(settings.url);
  const transport = createSplunkTransport({ tls: tlsOptions(settings.tls, options.projectDir), timeoutMs: options.timeoutMs ?? 30_000 });
  const auth = settings.auth;
  return new Service(transport, {
    scheme: url.protocol.replace(':', ''),
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    owner: settings.owner,
    app: settings.app,
    version: '9.0',
    ...('token' in auth ? { sessionKey: auth.token, authorization: 'Bearer' } : { username: auth.username, password: auth.password }),
  });
}
