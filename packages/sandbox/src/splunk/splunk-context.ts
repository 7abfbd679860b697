// What every Splunk handler works with, and the request as they see it: already authenticated,
// with its namespace resolved and its arguments parsed.
import type { SandboxRequest } from '../http/exchange.js';
import type { Namespace } from './knowledge-objects.js';
import type { RequestArgs } from './request-args.js';
import { SplunkHttpError } from './splunk-errors.js';
import type { SplunkState } from './splunk-state.js';

export interface SplunkContext {
  state: SplunkState;
  now: () => Date;
  commit(): Promise<void>;
  /** Apps that exist; objects can only live in these. */
  apps: readonly string[];
}

export interface SplunkCall extends SandboxRequest {
  ns: Namespace;
  args: RequestArgs;
  /** `http(s)://host:port`, for entry ids and feed origins. */
  base: string;
}

export const DEFAULT_SPLUNK_APPS = ['search', 'launcher', 'system', 'detections', 'DA-ESS-ContentUpdate', 'SplunkEnterpriseSecuritySuite', 'SA-ThreatIntelligence'];

/** Objects can only be created in an app that exists. */
export function checkApp(ctx: SplunkContext, app: string): void {
  if (app !== '-' && !ctx.apps.includes(app)) throw new SplunkHttpError(404, `Application does not exist: ${app}`);
}
