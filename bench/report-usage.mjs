// Preloaded (--import) into a CLI process by the benches: prints its peak RSS and CPU time on exit.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\nBENCH_CPU_MS ${Math.round((user + system) / 1000)}\n`);
});
