// splunk-sdk, loaded safely: at import it runs dotenv, which would load a `.env` from the user's
// folder into process.env — so the environment is restored right after. Its console logging of
// server messages is switched off (detctl reports errors itself).
import { createRequire } from 'node:module';
import type splunkjsType from 'splunk-sdk';

type SplunkSdk = typeof splunkjsType;

let sdk: SplunkSdk | undefined;

export function splunkSdk(): SplunkSdk {
  if (!sdk) {
    const before = { ...process.env };
    sdk = createRequire(import.meta.url)('splunk-sdk') as SplunkSdk;
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
    sdk.Logger.setLevel('NONE');
  }
  return sdk;
}
