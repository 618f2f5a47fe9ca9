'use strict';
// Issue 2: `wf-scopes check` on an org with 5,000 flows of 10 cards each, against a bare `node -e 0`,
// and `wf-scopes --help` (which must not load cdktf).
const { mkdtempSync, writeFileSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN, median, row } = require('./lib');

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
  lines.push('## check (issue 2)', row(node), row(help, `   (${(help.ms - node.ms).toFixed(0)} ms over node)`), row(small), row(large, `   (${(large.ms - node.ms).toFixed(0)} ms over node)`));
  return lines;
};

module.exports = run;
module.exports.generate = generate;
