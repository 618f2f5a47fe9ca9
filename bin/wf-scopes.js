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
if (!load('quick').quick(process.argv)) {
  load('main')
    .main(process.argv)
    .then((code) => {
      process.exitCode = code;
    });
}
