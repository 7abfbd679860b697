// Preloaded (--import) into a CLI process by bench/hostile-input.ts: prints its peak RSS on exit.
process.on('exit', () => process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`));
