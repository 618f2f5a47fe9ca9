#!/usr/bin/env node
'use strict';
// After `tsc`: writes the texts `wf-scopes --help` and each command's help print, made by the real
// commander program, to dist/src/cli/help.json, so that the fast path (src/cli/quick.ts) prints them
// without loading commander or any command. Generated on every build, so they cannot drift from program.ts.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', 'dist', 'src', 'cli');
const { main } = require(join(dir, 'main.js'));
const { helpRequests, helpKey, HELP_FILE } = require(join(dir, 'quick.js'));

(async () => {
  // commander wraps help to the terminal's width when stdout is one: make the texts a pipe gets.
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
  const texts = {};
  for (const args of helpRequests()) {
    let out = '';
    let err = '';
    const io = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: process.cwd() };
    const code = await main(['node', 'wf-scopes', ...args], io);
    if (code !== 0 || err !== '' || out === '') throw new Error(`wf-scopes ${args.join(' ')}: exit ${code}, stderr ${JSON.stringify(err)}`);
    texts[helpKey(args)] = out;
  }
  writeFileSync(join(dir, HELP_FILE), `${JSON.stringify({ texts })}\n`);
})().catch((e) => {
  process.stderr.write(`build-help: ${e.stack || e}\n`);
  process.exit(1);
});
