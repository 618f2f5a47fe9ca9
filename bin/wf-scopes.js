#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm ci` through the `prepare` script, or `npm run build`). Help and
// version requests are answered first by the fast path, which loads neither commander nor a command.
function load(module) {
  try {
    return require(`../dist/src/cli/${module}.js`);
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(`dist/src/cli/${module}`)) {
      process.stderr.write('wf-scopes: not built yet; run `npm run build` (or `npm ci`) in the wf-scopes folder\n');
      process.exit(1);
    }
    throw err;
  }
}
/**
 * Keeps V8's young generation at its first size (1 MiB a half) instead of letting it double up to
 * 16 MiB while a command builds its data. Nearly all of what check and scan allocate lives until
 * the report is written, so a larger nursery only copies the same objects through more fresh memory:
 * `check` of 5,000 flows x 10 cards peaks at 93 MiB instead of 122 and runs about 15 % faster
 * (`npm run bench`). V8 reads this flag whenever the nursery would grow, so setting it after start
 * takes effect; a Node whose V8 ignores it runs as before. The CLI only: the library leaves its
 * host process's heap alone.
 */
function youngGenerationStaysSmall() {
  try {
    require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A tuning only: without it every command still runs.
  }
}
if (!load('quick').quick(process.argv)) {
  youngGenerationStaysSmall();
  load('main')
    .main(process.argv)
    .then((code) => {
      process.exitCode = code;
    });
}
