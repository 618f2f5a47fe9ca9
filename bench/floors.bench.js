'use strict';
// Issue 22: each figure beside its floor, measured in the same run and interleaved with it (the
// machine may be busy with other work: both are slowed alike), medians. `npm run bench -- floors`.
//   check 5,000 flows x 10 cards, json and text     floor: node -e 0       goal: <= 500 ms over it
//   scan of the shared export corpus (json)         floor: read + JSON.parse of the same files   goal: <= 1.25x
//   check of ~87,000 unknown cards (did-you-mean)   floor: node -e 0       goal: under 3 s
//   --help and --version                            floor: node -e 0       goal: <= 1.2x
const { existsSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN, ROOT, againstFloor, floorRow } = require('./lib');
const { generate, CARDS } = require('./check.bench');

const CORPUS = join(ROOT, '..', 'shared', 'okta-workflows-flows');
const NODE = { label: 'node -e 0', args: [process.execPath, '-e', '0'] };
const cli = (label, args, okCodes) => ({ label, args: [process.execPath, BIN, ...args], ...(okCodes ? { okCodes } : {}) });

/** A declaration of `flows` x `perFlow` cards that no catalog knows (each a near miss of a real one). */
function unknownCards(flows, perFlow) {
  const out = ['version: 1', 'orgs:', '  - name: prod', '    domain: acme.okta.com', 'flows:'];
  for (let f = 0; f < flows; f++) {
    out.push(`  - name: Flow ${f}`, '    cards:');
    for (let c = 0; c < perFlow; c++) out.push(`      - ${CARDS[(f + c) % CARDS.length].replace(/ (\w+)$/, ' $1s')} ${f * perFlow + c}`);
  }
  return `${out.join('\n')}\n`;
}

module.exports = function run() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-floors-'));
  const large = join(dir, 'large.yaml');
  writeFileSync(large, generate(5000, 10));
  const unknown = join(dir, 'unknown.yaml');
  writeFileSync(unknown, unknownCards(8692, 10));
  const lines = ['## against floors (issue 22): medians, each figure interleaved with its floor in the same run'];
  lines.push(floorRow(againstFloor(cli('wf-scopes --help', ['--help']), NODE, { runs: 11 }), { ratio: 1.2 }));
  lines.push(floorRow(againstFloor(cli('wf-scopes --version', ['--version']), NODE, { runs: 11 }), { ratio: 1.2 }));
  if (existsSync(CORPUS)) {
    const floor = { label: 'read+parse', args: [process.execPath, join(__dirname, 'parse-floor.js'), CORPUS] };
    lines.push(floorRow(againstFloor(cli('wf-scopes scan <corpus> --format json', ['scan', CORPUS, '--format', 'json']), floor), { ratio: 1.25 }));
  } else lines.push(`scan: skipped, the export corpus is not at ${CORPUS}`);
  // stdout to a file, as a user redirects it: a pipe into this harness would time the harness (lib.js).
  for (const format of ['json', 'text', 'sarif', 'github']) {
    const r = againstFloor(cli(`wf-scopes check 5,000 x 10 --format ${format} > file`, ['check', '--config', large, '--format', format]), NODE, { runs: 5, stdoutFile: join(dir, `check.${format}`) });
    lines.push(floorRow(r, { overMs: 500 }));
  }
  lines.push(floorRow(againstFloor(cli('wf-scopes check 86,920 unknown cards', ['check', '--config', unknown], [1]), NODE, { runs: 3 }), { ms: 3000 }));
  return lines;
};
