'use strict';
// `npm run bench`: prints the figures each issue asks for. Timings are medians of several runs on this
// machine; they are measurements, not assertions (no test depends on them).
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const only = process.argv.slice(2);
const benches = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

(async () => {
  for (const f of benches) {
    const lines = await require(join(__dirname, f))();
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
})().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack || err}\n`);
  process.exit(1);
});
