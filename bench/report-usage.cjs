// Preloaded (--require) into a CLI process by the benches: prints its peak RSS and CPU time on exit
// (of the whole process: every thread). CommonJS and --require rather than an ES module and
// --import: a worker thread inherits the preload, and an --import would put the worker's CommonJS
// entry (bin/detctl.cjs) through the ES module loader, which a user's run does not do.
const { isMainThread } = require('node:worker_threads');

if (isMainThread) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\nBENCH_CPU_MS ${Math.round((user + system) / 1000)}\n`);
  });
}
