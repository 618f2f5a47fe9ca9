'use strict';
// Issue 3: `wf-scopes diff` of 5,000 flows against 300 grants on the local Okta-compatible server
// (the one the tests use, transpiled here), reporting time and the number of HTTP requests.
const { mkdtempSync, writeFileSync, readFileSync, mkdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const ts = require('typescript');
const { ROOT, runCliAsync } = require('./lib');
const { generate } = require('./check.bench');

function loadServer(dir) {
  const src = readFileSync(join(ROOT, '__tests__', 'support', 'okta-server.ts'), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'okta-server.js'), js);
  return require(join(dir, 'okta-server.js'));
}

module.exports = async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-diff-'));
  const { startOktaServer } = loadServer(join(dir, 'server'));
  const file = join(dir, 'large.yaml');
  writeFileSync(file, generate(5000, 10));
  const server = await startOktaServer({ apiTokens: { 'bench-token': {} } });
  server.addApp({ id: '0oaBENCH', label: 'Okta Workflows OAuth', name: 'flow' });
  // 300 grants: the scopes the declaration needs, then filler scopes (reported as extra).
  const scopes = readFileSync(join(ROOT, 'data', 'scopes.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('scope\t'))
    .map((l) => l.split('\t')[0])
    .filter((s) => s.startsWith('okta.'));
  const grants = [];
  for (let i = 0; grants.length < 300; i++) grants.push({ scopeId: scopes[i % scopes.length], issuer: 'https://acme.okta.com', status: i < scopes.length ? 'ACTIVE' : 'REVOKED' });
  server.addGrants('0oaBENCH', grants);
  const lines = ['## diff (issue 3)'];
  try {
    const times = [];
    let requests = 0;
    for (let i = 0; i < 3; i++) {
      server.clearLog();
      const r = await runCliAsync(['diff', '--config', file, '--org-url', server.url, '--format', 'json'], { OKTA_API_TOKEN: 'bench-token' });
      if (r.code !== 2 && r.code !== 0) throw new Error(`diff exited ${r.code}: ${r.err.slice(0, 500)}`);
      times.push(r.ms);
      requests = server.requests.length;
    }
    times.sort((a, b) => a - b);
    const pages = server.requests.filter((q) => q.route === 'listGrants').length;
    const check = await runCliAsync(['check', '--config', file, '--format', 'json'], {});
    lines.push(
      `wf-scopes diff (5,000 flows x 10 cards vs 300 grants)       median ${times[1].toFixed(0).padStart(6)} ms  (min ${times[0].toFixed(0)}, max ${times[2].toFixed(0)})`,
      `  same declaration, check only (no HTTP)                     ${check.ms.toFixed(0).padStart(6)} ms   → diff beyond check: ${(times[1] - check.ms).toFixed(0)} ms`,
      `  HTTP requests: ${requests} (app lookup 1 + grant pages ${pages} at the server's default page size)`,
    );
  } finally {
    await server.close();
  }
  return lines;
};

module.exports.loadServer = loadServer;
