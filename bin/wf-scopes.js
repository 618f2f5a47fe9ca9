#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm ci` through the `prepare` script, or `npm run build`).
let cli;
try {
  cli = require('../dist/src/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main')) {
    process.stderr.write('wf-scopes: not built yet; run `npm run build` (or `npm ci`) in the wf-scopes folder\n');
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
