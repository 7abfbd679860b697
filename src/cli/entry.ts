// The command line entry, as bin/detctl.cjs runs it (compiled) and the end-to-end tests spawn it
// (TypeScript, through tsx).
import { runProcess } from './process-main.js';

await runProcess(process.argv.slice(2));
