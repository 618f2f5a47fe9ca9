'use strict';
// Issue 2: `wf-scopes check` on an org with 5,000 flows of 10 cards each, against a bare `node -e 0`,
// and `wf-scopes --help` (which must not load cdktf).
const { mkdtempSync, writeFileSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN, median, row } = require('./lib');

/** Issue 22: `check` on the 5,000-flow file in each format, its time over `node -e 0` and its peak memory. */
function formats(file, size, node) {
  // Required lazily: scale.bench.js is itself a bench (its measure runs the CLI under a peak-RSS wrapper).
  const { measure } = require('./scale.bench');
  const out = ['## check, 5,000 flows x 10 cards, per format (issue 22)'];
  for (const format of ['text', 'json', 'sarif', 'github']) {
    const r = measure(`check --format ${format} (${(size / 1e6).toFixed(1)} MB)`, ['check', '--config', file, '--format', format], { runs: 5 });
    const over = r.ms - node.ms;
    const met = over < 500 && r.mib < 150;
    out.push(row(r, `   (${over.toFixed(0)} ms over node, peak ${r.mib.toFixed(0)} MiB; goal < 500 ms over, < 150 MiB: ${met ? 'met' : 'NOT MET'})`));
  }
  return out;
}

const CARDS = [
  'Okta/Read User', 'Okta/Update User', 'Okta/Deactivate User', 'Okta/Suspend User', 'Okta/Add User to Group',
  'Okta/Remove User from Group', 'Okta/Search System Logs', 'Okta/List Users with Search', 'Okta/Read Group',
  'Okta/Search Groups', 'Okta/Assign User to Application for SSO', 'Okta/Clear User Sessions',
  'Okta Devices/Search Devices', 'Okta Devices/Suspend Device', 'Okta Realms/List Realm Users',
];
const CALLS = ['GET /api/v1/users/00u1abcd/factors', 'PUT /api/v1/groups/00g1/users/00u1', 'GET /api/v1/apps/0oa1/users?limit=200'];

function generate(flows, cardsPerFlow) {
  const out = ['version: 1', 'orgs:', '  - name: prod', '    domain: acme.okta.com', 'flows:'];
  for (let f = 0; f < flows; f++) {
    out.push(`  - name: Flow ${f}`, `    folder: Folder ${f % 50}`, '    trigger: Okta/User Suspended', '    cards:');
    for (let c = 0; c < cardsPerFlow - 1; c++) out.push(`      - ${CARDS[(f + c) % CARDS.length]}`);
    out.push(`      - Okta/Custom API Action: ${CALLS[f % CALLS.length]}`);
  }
  out.push('extraScopes:', '  - scope: okta.apps.read', '    reason: access report');
  return `${out.join('\n')}\n`;
}

function run() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-'));
  const file = join(dir, 'large.yaml');
  writeFileSync(file, generate(5000, 10));
  const size = statSync(file).size;
  const lines = [];
  const node = median('node -e 0', [process.execPath, '-e', '0']);
  const help = median('wf-scopes --help', [process.execPath, BIN, '--help']);
  const small = median('wf-scopes check (example scopes.yaml)', [process.execPath, BIN, 'check', '--format', 'json']);
  const large = median(`wf-scopes check (5,000 flows x 10 cards, ${(size / 1e6).toFixed(1)} MB)`, [process.execPath, BIN, 'check', '--config', file, '--format', 'json'], { runs: 3 });
  // Issue 12: findings through the shared renderers. A deny on a scope most flows use gives one
  // finding per flow and card (about 17,000 here), so this times the SARIF and GitHub renderers at scale.
  const denied = join(dir, 'denied.yaml');
  writeFileSync(denied, `${generate(5000, 10)}policy:\n  deny: [okta.users.manage, okta.groups.manage]\n`);
  const sarif = median('wf-scopes check --format sarif (same, 0 findings of policy)', [process.execPath, BIN, 'check', '--config', file, '--format', 'sarif'], { runs: 3 });
  const deny = median('wf-scopes check --format sarif (same, a deny on 2 common scopes)', [process.execPath, BIN, 'check', '--config', denied, '--format', 'sarif'], { runs: 3, okCodes: [1] });
  const github = median('wf-scopes check --format github (same, a deny on 2 common scopes)', [process.execPath, BIN, 'check', '--config', denied, '--format', 'github'], { runs: 3, okCodes: [1] });
  lines.push('## check (issue 2)', row(node), row(help, `   (${(help.ms - node.ms).toFixed(0)} ms over node)`), row(small), row(large, `   (${(large.ms - node.ms).toFixed(0)} ms over node)`));
  const results = JSON.parse(deny.last.stdout).runs[0].results.length;
  const annotations = github.last.stdout.split('\n').filter((l) => l.startsWith('::')).length;
  lines.push('## check findings (issue 12)', row(sarif), row(deny, `   (${results} results)`), row(github, `   (${annotations} annotations)`));
  lines.push(...formats(file, size, median('node -e 0', [process.execPath, '-e', '0'])));
  return lines;
};

module.exports = run;
module.exports.generate = generate;
module.exports.CARDS = CARDS;
