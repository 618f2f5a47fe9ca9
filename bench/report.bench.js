'use strict';
// Issue 13: `wf-scopes report` on one org with 5,000 flows of 10 cards each: wall time and file size,
// HTML (the self-contained page) and markdown.
const { mkdtempSync, writeFileSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN, median, row } = require('./lib');
const { generate } = require('./check.bench');

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function run() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-report-'));
  const file = join(dir, 'large.yaml');
  writeFileSync(file, generate(5000, 10));
  const env = { ...process.env, WF_SCOPES_TODAY: '2026-12-02' };
  const lines = ['## report (issue 13)'];
  const check = median('wf-scopes check (same declaration, for scale)', [process.execPath, BIN, 'check', '--config', file, '--format', 'json'], { runs: 3, env });
  lines.push(row(check));
  for (const format of ['html', 'markdown']) {
    const out = join(dir, `report.${format === 'html' ? 'html' : 'md'}`);
    const r = median(`wf-scopes report --format ${format} (5,000 flows x 10 cards)`, [process.execPath, BIN, 'report', '--config', file, '--format', format, '--output', out], { runs: 3, env });
    lines.push(row(r, `   (${mb(statSync(out).size)})`));
  }
  return lines;
}

module.exports = run;
