// An end-to-end setup: a sandbox on loopback and a project folder whose environment points at it.
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '@detctl/sandbox';
import type { RetryPolicy } from '../../src/targets/retry.js';
import { runCli, tempProject, type CliResult } from './run-cli.js';

const repo = resolve(import.meta.dirname, '..', '..');

export interface SandboxProject {
  sandbox: Sandbox;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Retries back off without waiting (the fault tests check outcomes; the backoff itself is tested in retry.test.ts). */
  /** `env` adds to (or overrides) the project's variables. */
  cli(args: string[], options?: { isTTY?: boolean; errIsTTY?: boolean; inIsTTY?: boolean; env?: NodeJS.ProcessEnv; answer?: string; retry?: Partial<RetryPolicy> }): Promise<CliResult>;
  close(): Promise<void>;
}

export function environmentYaml(sandbox: Pick<Sandbox, 'esUrl' | 'splunkUrl'>, extra = ''): string {
  return `rules: [rules/]
history: {store: local}
targets:
  elastic:
    type: elasticsearch
    url: ${sandbox.esUrl}
    auth: {apiKey: "\${SANDBOX_ES_KEY}"}
    timeout: 2s
    watch:
      idPrefix: detctl-e2e-
      indices: [winlogbeat-*]
      interval: 30m
      actions:
        email: {to: [soc@example.net], throttle: 15m}
        logging: {}
  splunk:
    type: splunk
    url: ${sandbox.splunkUrl}
    auth: {token: "\${SANDBOX_SPLUNK_TOKEN}"}
    timeout: 2s
    app: detections
    savedSearch:
      namePrefix: "detctl - "
      suppress: 1h
      actions:
        email: {to: [soc@example.net]}
      drilldowns:
        - {name: "View events for $dest$", search: '%original_detection_search% | search dest="$dest$"', earliest_offset: "$info_min_time$", latest_offset: "$info_max_time$"}
    escu: {macros: escu/macros, deployments: escu/deployments}
${extra}`;
}

const noWait = async () => undefined;

/** The project's example rules in a fresh folder, and an environment `e2e` for the sandbox. */
export async function sandboxProject(options: SandboxOptions = {}, files: Record<string, string> = {}): Promise<SandboxProject> {
  const sandbox = await startSandbox({ esPort: 0, splunkPort: 0, ...options });
  const dir = tempProject({ ...files, 'environments/e2e.yaml': environmentYaml(sandbox) });
  if (!('rules/.keep' in files)) cpSync(join(repo, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repo, 'escu'), join(dir, 'escu'), { recursive: true });
  const env = { SANDBOX_ES_KEY: sandbox.credentials.esApiKeyEncoded, SANDBOX_SPLUNK_TOKEN: sandbox.credentials.splunk.token };
  return {
    sandbox,
    dir,
    env,
    cli: (args, o = {}) => runCli(args, { cwd: dir, ...o, env: { ...env, ...o.env }, retry: { sleep: noWait, ...o.retry } }),
    close: () => sandbox.close(),
  };
}
