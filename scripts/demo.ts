// `npm run demo`: the demo (src/cli/demo.ts) from the TypeScript sources, on a temporary copy of
// the repository's example project. From an installed package it is `npx detctl demo`.
import { runDemo } from '../src/cli/demo.js';

process.exitCode = await runDemo();
