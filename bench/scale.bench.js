'use strict';
// Issues 19 and 22 at scale: `check` and `report` (html, markdown, and html with a drift result) on 60
// orgs x 50,000 flows (about 4 MB, every flow in every org), and `check` on a declaration whose 86,919 cards are all unknown (the did-you-mean bound).
// Each figure is printed beside `node -e 0` measured in the same run, with the peak memory.
const { existsSync, mkdtempSync, readFileSync, writeFileSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { BIN, median, row } = require('./lib');

const CARDS = [
  'Okta/Read User', 'Okta/Update User', 'Okta/Deactivate User', 'Okta/Suspend User', 'Okta/Add User to Group',
  'Okta/Remove User from Group', 'Okta/Search System Logs', 'Okta/Read Group', 'Okta/Search Groups',
  'Okta/Clear User Sessions', 'Okta Devices/Search Devices', 'Okta Realms/List Realm Users',
];

/** 60 orgs, 50,000 flows of two or three cards, no `orgs:` on a flow: each flow counts in every org. */
function generateOrgs(orgs = 60, flows = 50000) {
  const out = ['version: 1', 'orgs:'];
  for (let o = 0; o < orgs; o++) out.push(`  - name: org${o}`, `    domain: org${o}.okta.com`);
  out.push('flows:');
  for (let f = 0; f < flows; f++) {
    const cards = [CARDS[f % CARDS.length], CARDS[(f * 7 + 3) % CARDS.length]];
    if (f % 4 === 0) cards.push(CARDS[(f * 5 + 1) % CARDS.length]);
    out.push(`  - name: flow${f}`, `    cards: [${[...new Set(cards)].join(', ')}]`);
  }
  return `${out.join('\n')}\n`;
}

/** 8,692 flows of 10 cards (86,920 cards, one short on the last flow): every card a misspelt, numbered name. */
function generateUnknown(cards = 86919) {
  const out = ['version: 1', 'orgs:', '  - name: prod', '    domain: acme.okta.com', 'flows:'];
  for (let i = 0; i < cards; i++) {
    if (i % 10 === 0) out.push(`  - name: Flow ${i / 10}`, '    cards:');
    const real = CARDS[i % CARDS.length];
    out.push(`      - ${real.replace(/e/g, 'ee')} ${i}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * A real `diff --format json` result for the declaration, made by the diff's own comparison and JSON
 * writer (the build's): every org holds an undeclared okta.roles.manage, and every other org lacks its
 * first scope, whose failing cards (thousands) the report lists. About 56 MB at 60 x 50,000.
 */
function generateDrift(text, file) {
  const dist = join(__dirname, '..', 'dist', 'src');
  const { loadProjectText } = require(join(dist, 'core', 'project'));
  const { loadCatalog } = require(join(dist, 'core', 'catalog'));
  const { compareOrgs } = require(join(dist, 'core', 'drift', 'compare'));
  const { formatJson } = require(join(dist, 'output', 'diff', 'json'));
  const catalog = loadCatalog();
  const project = loadProjectText(text, file, { catalog, today: '2026-12-02' });
  const pairs = project.resolution.orgs.map((o, i) => {
    const declared = o.scopes.map((s) => s.scope);
    const granted = [...new Set([...(i % 2 === 0 ? declared.slice(1) : declared), 'okta.roles.manage'])].sort();
    return { required: o, actual: { source: 'okta', app: { id: `0oa${i}`, label: o.app.label }, granted: granted.map((scope) => ({ scope })) } };
  });
  return formatJson(compareOrgs(pairs, catalog), { toolVersion: 'bench', baseDir: tmpdir(), orgLoc: () => undefined });
}

// The CLI run inside a wrapper that reports its own peak RSS (KB) on exit.
const WRAPPER = "process.on('exit', () => process.stderr.write(`\\nmaxRSS_KB=${process.resourceUsage().maxRSS}\\n`)); require(process.argv[1]);";

/** Median wall time of `runs` runs, and the peak resident memory (MiB) of the last one. */
function measure(label, args, opts = {}) {
  // stdout to /dev/null: the JSON of 60 orgs is about 1.2 GB. A run past the timeout is reported, not fatal.
  const run = { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000, ...opts };
  try {
    const r = median(label, [process.execPath, '-e', WRAPPER, '--', BIN, ...args], run);
    const m = /maxRSS_KB=(\d+)\n?$/.exec(r.last.stderr);
    return { ...r, mib: m ? Number(m[1]) / 1024 : NaN };
  } catch (err) {
    return { label, ms: NaN, min: NaN, max: NaN, mib: NaN, last: { stderr: '' }, failed: String(err.message).split('\n')[0] };
  }
}

function line(r, node, extra = '') {
  if (r.failed) return `${r.label.padEnd(52)} FAILED or over 180 s: ${r.failed}`;
  return row(r, `   (${(r.ms - node.ms).toFixed(0)} ms over node, peak ${r.mib.toFixed(0)} MiB)${extra}`);
}

module.exports = function run() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-scale-'));
  const big = join(dir, 'orgs60.yaml');
  writeFileSync(big, generateOrgs());
  const unknown = join(dir, 'unknown.yaml');
  writeFileSync(unknown, generateUnknown());
  const env = { ...process.env, WF_SCOPES_TODAY: '2026-12-02' };
  const mb = (f) => `${(statSync(f).size / 1e6).toFixed(1)} MB`;
  const lines = ['## scale (issues 19 and 22)'];
  const node = median('node -e 0', [process.execPath, '-e', '0']);
  lines.push(row(node));
  for (const format of ['text', 'json']) {
    const r = measure(`check --format ${format}, 60 orgs x 50,000 flows (${mb(big)})`, ['check', '--config', big, '--format', format], { runs: 3, env });
    lines.push(line(r, node, '   goal 5 s, 1 GB'));
  }
  for (const format of ['html', 'markdown']) {
    const out = join(dir, `report.${format}`);
    const r = measure(`report --format ${format}, same`, ['report', '--config', big, '--format', format, '--output', out], { runs: 3, env });
    lines.push(line(r, node, `   goal 15 s, 1.5 GB; ${existsSync(out) ? mb(out) : 'no file'}`));
  }
  // The diff's JSON of 60 orgs that each lack a scope is over the 32 MiB default cap: raised for it.
  const drift = join(dir, 'drift60.json');
  writeFileSync(drift, generateDrift(readFileSync(big, 'utf8'), big));
  const out = join(dir, 'report-drift.html');
  const d = measure(`report --drift (${mb(drift)}), html, same`, ['report', '--config', big, '--drift', drift, '--output', out], { runs: 3, env: { ...env, WF_SCOPES_MAX_INPUT_BYTES: String(256 * 1024 * 1024) } });
  lines.push(line(d, node, `   goal 15 s, 1.5 GB; ${existsSync(out) ? mb(out) : 'no file'}`));
  const u = measure(`check, 86,919 unknown cards (${mb(unknown)})`, ['check', '--config', unknown], { runs: 1, okCodes: [1], env });
  const hints = (u.last.stderr?.match(/did you mean/g) ?? []).length;
  lines.push(line(u, node, `   goal 3 s; ${hints} did-you-mean hints`));
  return lines;
};

module.exports.generateOrgs = generateOrgs;
module.exports.generateUnknown = generateUnknown;
module.exports.generateDrift = generateDrift;
// For a one-off: `node bench/scale.bench.js DIR` writes the two declarations to DIR.
if (require.main === module) {
  const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'wf-scale-'));
  writeFileSync(join(out, 'orgs60.yaml'), generateOrgs());
  writeFileSync(join(out, 'unknown.yaml'), generateUnknown());
  process.stdout.write(`${out}\n`);
}
module.exports.measure = measure;
