'use strict';
// Issue 4: `wf-scopes scan <corpus> --format json` on the real export corpus (goal: under 2 s), its
// peak memory, and a `--write` merge of the corpus into the declaration it produced.
const { existsSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN, ROOT, median, row, timeProcess } = require('./lib');

const CORPUS = join(ROOT, '..', 'shared', 'okta-workflows-flows');
const GOAL_MS = 2000;

// Fallback when GNU time is absent: the CLI run inside a wrapper that reports its own peak RSS (KB).
const WRAPPER = "process.on('exit', () => process.stderr.write(`\\nmaxRSS_KB=${process.resourceUsage().maxRSS}\\n`)); require(process.argv[1]);";

/** Peak resident memory of one run, in MB, and how it was measured. */
function peakMemory(args) {
  if (existsSync('/usr/bin/time')) {
    const r = timeProcess(['/usr/bin/time', '-v', ...args]);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (r.status === 0 && m) return { mb: Number(m[1]) / 1024, how: '/usr/bin/time -v' };
  }
  const r = timeProcess([process.execPath, '-e', WRAPPER, ...args.slice(1)]);
  const m = /maxRSS_KB=(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`peak memory: no figure (exit ${r.status})\n${r.stderr.slice(0, 2000)}`);
  return { mb: Number(m[1]) / 1024, how: 'process.resourceUsage().maxRSS' };
}

module.exports = function run() {
  const lines = ['## scan (issue 4)'];
  if (!existsSync(CORPUS)) {
    lines.push(`skipped: the export corpus is not at ${CORPUS}`);
    return lines;
  }
  const scanArgs = [process.execPath, BIN, 'scan', CORPUS, '--format', 'json'];
  const node = median('node -e 0', [process.execPath, '-e', '0'], { runs: 3 });
  const scan = median('wf-scopes scan <corpus> --format json', scanArgs, { runs: 3 });
  const doc = JSON.parse(scan.last.stdout);
  const mem = peakMemory(scanArgs);
  const verdict = scan.ms < GOAL_MS ? 'within' : 'OVER';
  lines.push(
    row(node),
    row(scan, `   (${verdict} the ${GOAL_MS} ms goal)`),
    `  ${doc.totals.exports} exports, ${doc.totals.flows} flows, ${doc.totals.oktaCards} Okta-family cards; ` +
      `${(scan.last.stdout.length / 1e6).toFixed(2)} MB of JSON; peak memory ${mem.mb.toFixed(0)} MB (${mem.how})`,
  );

  // --write into a fresh folder once, then time the merge of the same corpus into that file (no change).
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-scan-'));
  const file = join(dir, 'scopes.yaml');
  const create = timeProcess([process.execPath, BIN, 'scan', CORPUS, '--write', file, '--org-domain', 'acme.okta.com']);
  if (create.status !== 0) throw new Error(`scan --write: exit ${create.status}\n${create.stderr.slice(0, 2000)}`);
  lines.push(`${'wf-scopes scan <corpus> --write (new file, 1 run)'.padEnd(52)} ${create.ms.toFixed(0).padStart(6)} ms`);
  const merge = median('wf-scopes scan <corpus> --write (merge, no change)', [process.execPath, BIN, 'scan', CORPUS, '--write', file], { runs: 3 });
  lines.push(row(merge));
  return lines;
};
