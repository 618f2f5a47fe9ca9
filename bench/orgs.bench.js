'use strict';
// Issue 12: one `wf-scopes diff` of 10 orgs, each with its own envPrefix token, against 10 local
// Okta-compatible servers: wall time and HTTP requests, at --concurrency 1 and at the default 4.
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { runCliAsync } = require('./lib');
const { loadServer } = require('./diff.bench');

const ORGS = 10;

module.exports = async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-orgs-'));
  const { startOktaServer } = loadServer(join(dir, 'server'));
  const servers = [];
  const env = {};
  const orgs = [];
  for (let i = 0; i < ORGS; i++) {
    const token = `bench-token-${i}`;
    const s = await startOktaServer({ apiTokens: { [token]: {} }, pageSize: 20 });
    const appId = `0oaBENCHORG${String(i).padStart(4, '0')}`;
    s.addApp({ id: appId, label: 'Okta Workflows OAuth', name: 'flow' });
    // Half the orgs in sync, half with one scope missing and two extra: every org needs its pages read.
    const scopes = ['okta.logs.read', 'okta.users.read', 'okta.users.manage', 'okta.eventHooks.manage', 'okta.groups.read', 'okta.schemas.read'];
    s.addGrants(appId, (i % 2 ? [...scopes.slice(1), 'okta.apps.read', 'okta.roles.read'] : scopes).map((scopeId) => ({ scopeId, issuer: `https://org${i}.okta.com` })));
    servers.push(s);
    env[`ORG${i}_OKTA_API_TOKEN`] = token;
    orgs.push(`  - name: org${i}\n    domain: org${i}.okta.com\n    envPrefix: ORG${i}_\n    app: { id: ${appId} }\n`);
  }
  writeFileSync(
    join(dir, 'scopes.yaml'),
    `version: 1\norgs:\n${orgs.join('')}flows:\n  - name: Offboard\n    trigger: Okta/User Suspended\n    cards: [Okta/Read User, Okta/Deactivate User, Okta/Search System Logs, Okta/Read Group]\n`,
  );
  const urls = servers.flatMap((s, i) => ['--org-url', `org${i}=${s.url}`]);
  const lines = ['## diff of 10 orgs against 10 local servers (issue 12)'];
  try {
    // The fixed cost (Node, the CLI, the Okta SDK) that every run pays once, whatever the org count.
    const one = [];
    for (let r = 0; r < 3; r++) {
      const res = await runCliAsync(['diff', '--org', 'org0', '--org-url', servers[0].url, '--format', 'json'], env, dir);
      if (res.code !== 0) throw new Error(`diff of one org exited ${res.code}: ${res.err.slice(0, 800)}`);
      one.push(res.ms);
    }
    one.sort((a, b) => a - b);
    lines.push(`wf-scopes diff, 1 org (baseline)`.padEnd(52) + ` median ${one[1].toFixed(0).padStart(6)} ms  (min ${one[0].toFixed(0)}, max ${one[2].toFixed(0)})`);
    for (const concurrency of ['1', '4']) {
      const times = [];
      let requests = 0;
      for (let r = 0; r < 3; r++) {
        for (const s of servers) s.clearLog();
        const res = await runCliAsync(['diff', ...urls, '--concurrency', concurrency, '--format', 'json'], env, dir);
        if (res.code !== 2) throw new Error(`diff exited ${res.code}: ${res.err.slice(0, 800)}`);
        const doc = JSON.parse(res.out);
        if (doc.orgs.length !== ORGS || doc.errors.length !== 0) throw new Error(`expected ${ORGS} orgs read: ${res.out.slice(0, 400)}`);
        times.push(res.ms);
        requests = servers.reduce((n, s) => n + s.requests.length, 0);
      }
      times.sort((a, b) => a - b);
      lines.push(
        `wf-scopes diff, 10 orgs, --concurrency ${concurrency}`.padEnd(52) +
          ` median ${times[1].toFixed(0).padStart(6)} ms  (min ${times[0].toFixed(0)}, max ${times[2].toFixed(0)})  HTTP requests: ${requests} (${requests / ORGS} per org)`,
      );
    }
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
  return lines;
};
