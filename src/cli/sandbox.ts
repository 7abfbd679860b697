// `detctl sandbox`: serve the loopback stand-ins for the Watcher and Splunk REST APIs until
// SIGINT or SIGTERM. Flag parsing and printing only; the sandbox itself is the @detctl/sandbox
// package (packages/sandbox), loaded only when this command runs: no other command pays for it.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIO } from './io.js';
import type { Sandbox, SandboxOptions } from '@detctl/sandbox';

interface SandboxFlags {
  esPort: number;
  splunkPort: number;
  state?: string;
  latencyMs?: number;
  faultRate?: number;
  faultSeed?: number;
  /** The comma list as given; the sandbox package parses it once loaded. */
  faultKinds?: string;
  tlsCert?: string;
  tlsKey?: string;
  executeEveryMs?: number;
}

export function registerSandbox(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('sandbox')
    .description('serve loopback stand-ins for the Elasticsearch Watcher and Splunk REST APIs until stopped')
    .option('--es-port <n>', 'Elasticsearch port (0 picks a free one)', port, 9200)
    .option('--splunk-port <n>', 'Splunk management port (0 picks a free one)', port, 8089)
    .option('--state <file>', 'keep the objects in this JSON file (kept across restarts)')
    .option('--latency-ms <n>', 'delay every response by this long', nonNegative)
    .option('--fault-rate <f>', 'fraction of requests that get an injected fault (0..1)', fraction)
    .option('--fault-seed <n>', 'seed for the fault sequence (same seed, same faults)', nonNegative)
    .option('--fault-kinds <list>', 'comma list of 503,429,reset,timeout (default: all)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needs --tls-key)')
    .option('--tls-key <file>', 'the PEM private key for --tls-cert')
    .option('--execute-every-ms <n>', 'run every active watch this often, moving its status and _seq_no', nonNegative)
    .action(async (flags: SandboxFlags) => {
      const { CREDENTIAL_ENV, parseFaultKinds, startSandbox } = await import('@detctl/sandbox');
      const faultKinds = flags.faultKinds === undefined ? undefined : parseFaultKinds(flags.faultKinds);
      if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
        io.err('error: --tls-cert and --tls-key go together\n');
        setExit(1);
        return;
      }
      const options: SandboxOptions = {
        esPort: flags.esPort,
        splunkPort: flags.splunkPort,
        statePath: flags.state,
        latencyMs: flags.latencyMs,
        faultRate: flags.faultRate,
        seed: flags.faultSeed,
        faultKinds,
        watchExecutionIntervalMs: flags.executeEveryMs,
        env: io.env,
        tls: flags.tlsCert && flags.tlsKey ? { cert: readFileSync(flags.tlsCert, 'utf8'), key: readFileSync(flags.tlsKey, 'utf8') } : undefined,
      };
      let sandbox: Sandbox;
      try {
        sandbox = await startSandbox(options);
      } catch (error) {
        io.err(`error: the sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
        setExit(1);
        return;
      }
      io.out(banner(sandbox, options, io.env, CREDENTIAL_ENV));
      await stopSignal();
      await sandbox.close();
      io.out('sandbox stopped\n');
    });
}

/** What to point detctl at; credential values are never printed, only where they come from. */
function banner(sandbox: Sandbox, options: SandboxOptions, env: NodeJS.ProcessEnv, CREDENTIAL_ENV: typeof import('@detctl/sandbox').CREDENTIAL_ENV): string {
  const source = (name: string) => (env[name] ? 'from the environment' : 'sandbox default, see docs/sandbox.md');
  const lines = [
    'detctl sandbox is serving (stop with Ctrl-C)',
    `  elasticsearch  ${sandbox.esUrl}`,
    `    ApiKey          ${CREDENTIAL_ENV.esApiKey} (${source(CREDENTIAL_ENV.esApiKey)})`,
    `    basic           ${CREDENTIAL_ENV.esUsername} / ${CREDENTIAL_ENV.esPassword} (${source(CREDENTIAL_ENV.esPassword)})`,
    `    bearer          ${CREDENTIAL_ENV.esBearer} (${source(CREDENTIAL_ENV.esBearer)})`,
    `  splunk         ${sandbox.splunkUrl}`,
    `    bearer token    ${CREDENTIAL_ENV.splunkToken} (${source(CREDENTIAL_ENV.splunkToken)})`,
    `    basic / login   ${CREDENTIAL_ENV.splunkUsername} / ${CREDENTIAL_ENV.splunkPassword} (${source(CREDENTIAL_ENV.splunkPassword)})`,
    `  state          ${options.statePath ?? 'in memory'}`,
  ];
  if (options.faultRate) lines.push(`  faults         rate ${options.faultRate}, seed ${options.seed ?? 1}, kinds ${(options.faultKinds ?? ['503', '429', 'reset', 'timeout']).join(',')}`);
  if (options.latencyMs) lines.push(`  latency        ${options.latencyMs} ms`);
  return lines.join('\n') + '\n';
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number between 0 and 1');
  return n;
}
