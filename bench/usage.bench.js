'use strict';
// Issue 18: `wf-scopes usage` over 50,000 System Log events of the Workflows app's client on the local
// Okta-compatible server: wall time, HTTP requests (1,000 events a page, Okta's maximum) and the CLI's
// peak memory (max RSS, reported by the child process itself at exit).
const { mkdtempSync, writeFileSync } = require('node:fs');
const { spawn } = require('node:child_process');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN } = require('./lib');
const { loadServer } = require('./diff.bench');

const EVENTS = 50_000;

function runWithRss(args, env, cwd, preload) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', preload, BIN, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const m = /maxrss=(\d+)/.exec(err);
      resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6, out, err, rssMb: m ? Number(m[1]) / 1024 : NaN });
    });
  });
}

module.exports = async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-usage-'));
  const { startOktaServer } = loadServer(join(dir, 'server'));
  const preload = join(dir, 'rss.js');
  writeFileSync(preload, "process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`));\n");
  writeFileSync(
    join(dir, 'scopes.yaml'),
    'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: Offboard\n    cards: [Okta/Deactivate User, Okta/Search System Logs]\n',
  );
  const server = await startOktaServer({ apiTokens: { 'bench-token': {} } });
  server.addApp({ id: '0oaBENCH', label: 'Okta Workflows OAuth', name: 'flow' });
  server.addGrants('0oaBENCH', ['okta.users.manage', 'okta.logs.read', 'okta.groups.manage'].map((scopeId) => ({ scopeId, issuer: 'https://acme.okta.com' })));
  const now = Date.now();
  const events = [];
  for (let i = 0; i < EVENTS; i++) {
    const published = new Date(now - 1000 - i * 30_000).toISOString();
    const k = i % 10;
    if (k < 6) events.push({ published, eventType: 'user.lifecycle.deactivate', clientId: '0oaBENCH', debugData: { requestUri: `/api/v1/users/00u${i}/lifecycle/deactivate`, requestMethod: 'POST' } });
    else if (k < 8) events.push({ published, eventType: 'group.user_membership.add', clientId: '0oaBENCH', debugData: { requestUri: `/api/v1/groups/00g${i % 50}/users/00u${i}` } });
    else if (k < 9) events.push({ published, eventType: 'app.oauth2.token.grant.access_token', clientId: '0oaBENCH', actorId: '00uA', debugData: { grantedScopes: 'okta.users.manage okta.logs.read' } });
    else events.push({ published, eventType: 'user.lifecycle.deactivate', clientId: '0oaOTHER', debugData: { requestUri: `/api/v1/users/00u${i}/lifecycle/deactivate` } });
  }
  server.addEvents(events);
  const lines = ['## usage (issue 18)'];
  try {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      server.clearLog();
      const r = await runWithRss(['usage', '--org-url', server.url, '--format', 'json', '--since', '30'], { OKTA_API_TOKEN: 'bench-token' }, dir, preload);
      if (r.code !== 0) throw new Error(`usage exited ${r.code}: ${r.err.slice(0, 500)}`);
      runs.push({ ...r, requests: server.requests.length, logPages: server.requests.filter((q) => q.route === 'listLogs').length });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const mid = runs[1];
    const doc = JSON.parse(mid.out);
    const counted = doc.orgs[0].scopes.reduce((a, s) => a + s.writes.reduce((b, w) => b + w.count, 0), 0);
    const unexplained = doc.orgs[0].unexplained.reduce((a, u) => a + u.count, 0);
    // The result read back by report --usage, which recomputes each write's scope and each unexplained
    // write's line (app/usage/verify.ts): one row per concrete unexplained path, so the heaviest part.
    writeFileSync(join(dir, 'usage.json'), mid.out);
    const reads = [];
    for (let i = 0; i < 3; i++) {
      const r = await runWithRss(['report', '--format', 'markdown', '--usage', 'usage.json', '--output', 'report.md'], { WF_SCOPES_TODAY: '2026-12-02' }, dir, preload);
      if (r.code !== 0) throw new Error(`report --usage exited ${r.code}: ${r.err.slice(0, 500)}`);
      reads.push(r);
    }
    reads.sort((a, b) => a.ms - b.ms);
    lines.push(
      `wf-scopes usage (${EVENTS.toLocaleString('en')} events in the window)         median ${mid.ms.toFixed(0).padStart(6)} ms  (min ${runs[0].ms.toFixed(0)}, max ${runs[2].ms.toFixed(0)})`,
      `  HTTP requests: ${mid.requests} (log pages ${mid.logPages} at 1,000 events a page; app lookup and grant pages the rest)`,
      `  peak memory (max RSS of the CLI): ${mid.rssMb.toFixed(0)} MB`,
      `  writes counted on scope lines: ${counted} (${unexplained} of them unexplained, in ${doc.orgs[0].unexplained.length} paths); other client's events counted: 0`,
      `report --usage reading that result (${(Buffer.byteLength(mid.out) / 1e6).toFixed(1)} MB, every claim recomputed)  median ${reads[1].ms.toFixed(0).padStart(6)} ms  (min ${reads[0].ms.toFixed(0)}, max ${reads[2].ms.toFixed(0)}), peak memory ${reads[1].rssMb.toFixed(0)} MB`,
    );
  } finally {
    await server.close();
  }
  return lines;
};
