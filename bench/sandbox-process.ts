// The sandbox as a separate process for benchmarks (a server of its own, as in real use): starts
// it with the options given as JSON in argv[2], sends its URLs to the parent, answers `count`
// (requests per target since the last `reset`), `cpu` (its CPU time so far) and `seed` (objects
// stored without HTTP) over IPC, and stops on `stop`.
import { startSandbox, type SandboxOptions } from '@detctl/sandbox';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
const sandbox = await startSandbox(options);
process.send!({ type: 'ready', esUrl: sandbox.esUrl, splunkUrl: sandbox.splunkUrl });
interface Seed {
  watches: { id: string; body: Record<string, unknown>; active: boolean }[];
  searches: { name: string; app: string; settings: Record<string, string> }[];
}

process.on('message', async (message: { type: string } & Partial<Seed>) => {
  if (message.type === 'reset') sandbox.clearLog();
  if (message.type === 'seed') {
    for (const w of message.watches ?? []) await sandbox.seedWatch(w.id, w.body as never, { active: w.active });
    for (const s of message.searches ?? []) await sandbox.seedSavedSearch(s);
  }
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'cpu', ms: (user + system) / 1000 });
    return;
  }
  if (message.type === 'count') {
    const counts = { elasticsearch: 0, splunk: 0 };
    for (const e of sandbox.requestLog) counts[e.target]++;
    process.send!({ type: 'count', counts });
    return;
  }
  if (message.type === 'stop') {
    await sandbox.close();
    process.exit(0);
  }
  process.send!({ type: 'ok' });
});
