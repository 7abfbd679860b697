#!/usr/bin/env node
// The demo on the built-in sandbox, from the installed package: deploys the package's example
// project (a temporary copy of rules/, escu/, environments/), changes a rule, plans, redeploys and
// rolls back. The compiled code lives in dist/ (built by `npm pack` through the `prepack` script).
const { runDemo } = await import('../dist/cli/demo.js');
process.exitCode = await runDemo();
