'use strict';
// The floor of `scan`: read every file a scan of the folder reads (the same walk: .flow, .folder,
// .flopack and .json, hidden folders and node_modules skipped) and JSON.parse it, nothing else.
// `node bench/parse-floor.js <folder>`; bench/floors.bench.js times it beside the scan.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const EXTENSIONS = ['.flow', '.folder', '.flopack', '.json'];
let files = 0;
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (EXTENSIONS.some((x) => e.name.endsWith(x))) {
      JSON.parse(readFileSync(p, 'utf8'));
      files++;
    }
  }
})(process.argv[2]);
if (process.argv.includes('--count')) process.stdout.write(`${files}\n`);
