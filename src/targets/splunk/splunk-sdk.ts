// splunk-sdk, loaded safely: at import it runs dotenv, which would load a `.env` from the user's
// folder into process.env — so the environment is restored right after. Its console logging of
// server messages is switched off (detctl reports errors itself).
//
// Two ways in, one SDK: the provider awaits `loadSplunkSdk()`, an import() that
// scripts/bundle.mjs bundles into a file of its own, so the installed CLI loads the SDK through
// bin/detctl.cjs's code cache instead of compiling its ~25 modules from node_modules at every
// run; `splunkSdk()` returns what that loaded, or requires the package itself when nothing loaded
// it yet (code that builds a service directly: the contract tests).
import { createRequire } from 'node:module';
import type splunkjsType from 'splunk-sdk';

type SplunkSdk = typeof splunkjsType;

let sdk: SplunkSdk | undefined;

function restore(before: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
  Object.assign(process.env, before);
}

function ready(loaded: SplunkSdk): SplunkSdk {
  sdk ??= loaded;
  sdk.Logger.setLevel('NONE');
  return sdk;
}

/** Loads the SDK once (from the bundle, in the installed CLI). */
export async function loadSplunkSdk(): Promise<SplunkSdk> {
  if (sdk) return sdk;
  const before = { ...process.env };
  try {
    return ready(((await import('splunk-sdk')) as unknown as { default: SplunkSdk }).default);
  } finally {
    restore(before);
  }
}

/** The SDK loadSplunkSdk loaded, or the package required now. */
export function splunkSdk(): SplunkSdk {
  if (sdk) return sdk;
  const before = { ...process.env };
  try {
    return ready(createRequire(import.meta.url)('splunk-sdk') as SplunkSdk);
  } finally {
    restore(before);
  }
}
