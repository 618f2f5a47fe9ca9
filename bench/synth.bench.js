'use strict';
// Issue 12: `wf-scopes synth` (in-process) against `cdktf synth` (the CLI running `node dist/main.js`)
// on the shipped example scopes.yaml, median of 3 each; both write the same files (checked here too).
const { mkdtempSync, writeFileSync, readFileSync, readdirSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, BIN, median, row } = require('./lib');

const CDKTF = join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf.js');

function files(dir, rel = '') {
  return readdirSync(join(dir, rel)).flatMap((n) => (statSync(join(dir, rel, n)).isDirectory() ? files(dir, join(rel, n)) : [join(rel, n)])).sort();
}

module.exports = async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-synth-'));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${join(ROOT, 'dist', 'main.js')}`, sendCrashReports: 'false', projectId: 'wf-scopes-bench', context: {} }));
  const env = { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CI: '1', WF_SCOPES_FILE: join(ROOT, 'scopes.yaml') };
  const ours = median('wf-scopes synth (shipped example, in-process)', [process.execPath, BIN, 'synth', '--output', 'ours'], { runs: 3, cwd: dir, env });
  const theirs = median('cdktf synth (same app, node dist/main.js)', [process.execPath, CDKTF, 'synth', '--output', 'cdktf'], { runs: 3, cwd: dir, env });
  const hcl = median('wf-scopes synth --hcl', [process.execPath, BIN, 'synth', '--hcl', '--output', 'ours-hcl'], { runs: 3, cwd: dir, env });
  const a = files(join(dir, 'ours'));
  const same = a.join() === files(join(dir, 'cdktf')).join() && a.every((f) => readFileSync(join(dir, 'ours', f), 'utf8') === readFileSync(join(dir, 'cdktf', f), 'utf8'));
  return [
    '## synth (issue 12)',
    row(ours),
    row(theirs),
    row(hcl),
    `  speed-up: ${(theirs.ms / ours.ms).toFixed(1)}x; files ${same ? 'byte-identical' : 'DIFFER'} (${a.length}: ${a.join(', ')})`,
  ];
};
