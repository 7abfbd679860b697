#!/usr/bin/env node
// `detctl-demo` is `detctl demo` (kept for those who learnt it by that name).
process.argv.splice(2, 0, 'demo');
require('./detctl.cjs');
