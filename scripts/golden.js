#!/usr/bin/env node
'use strict';
/**
 * The golden run: every command over the shipped example, the README's examples and the shared export
 * corpus, each result (exit code, stdout, stderr, files written) in one file of OUT. Run it on two
 * revisions and compare the folders to prove a refactor changed no output:
 *
 *   node scripts/golden.js /tmp/golden-after
 *   git worktree add /tmp/base <rev> && (cd /tmp/base && npm ci && node scripts/golden.js /tmp/golden-before)
 *   diff -r /tmp/golden-before /tmp/golden-after
 *
 * It runs the built CLI (`npm run build` first) as a child process, as a user would.
 */
const { spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'wf-scopes.js');
const CORPUS = join(ROOT, '..', 'shared', 'okta-workflows-flows');
const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node scripts/golden.js OUT_DIR\n');
  process.exit(1);
}
if (!existsSync(CORPUS)) {
  process.stderr.write(`golden: the export corpus is missing at ${CORPUS}\n`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const scratch = mkdtempSync(join(tmpdir(), 'wf-golden-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', NO_COLOR: '1' };

/** The files below `dir`, relative, sorted, with their contents (absolute scratch paths neutralized). */
function filesOf(dir) {
  if (!existsSync(dir)) return '';
  const list = [];
  const walk = (d) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else list.push(`--- file ${relative(dir, p)}\n${readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return list.join('\n');
}

let n = 0;
const clean = (s) => s.split(scratch).join('$SCRATCH').split(CORPUS).join('$CORPUS');
function run(name, args, opts = {}) {
  const work = opts.writes ? join(scratch, name) : undefined;
  const argv = args.map((a) => (a === '$OUT' ? work : a));
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: opts.cwd ?? ROOT, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  let text = `$ wf-scopes ${clean(argv.join(' '))}\nexit ${r.status}\n--- stdout\n${clean(r.stdout)}\n--- stderr\n${clean(r.stderr)}\n`;
  if (work) text += clean(filesOf(work));
  writeFileSync(join(out, `${String(++n).padStart(3, '0')}-${name}.txt`), text);
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const formats = (cmd) => {
  const m = README.match(new RegExp('`wf-scopes ' + cmd + ' [^`]*--format ([a-z|]+)'));
  return m ? m[1].split('|') : ['text'];
};

// Help and version: every text a user can ask for without running a command (and the usage errors).
run('help', ['--help']);
run('help-short', ['-h']);
run('version', ['--version']);
run('version-short', ['-V']);
run('no-args', []);
for (const c of ['check', 'explain', 'review', 'scan', 'synth', 'catalog', 'diff', 'usage', 'report']) run(`help-${c}`, [c, '--help']);
run('help-help', ['help']);
run('help-of-scan', ['help', 'scan']);
run('unknown-command', ['chek']);
run('unknown-option', ['--verbose']);
for (const f of formats('check')) run(`check-${f}`, ['check', '--format', f]);
run('synth-json', ['synth', '--output', '$OUT'], { writes: true });
run('synth-hcl', ['synth', '--hcl', '--output', '$OUT'], { writes: true });
for (const f of formats('catalog')) run(`catalog-${f}`, ['catalog', '--format', f]);
run('catalog-stats', ['catalog', '--stats']);
for (const f of ['text', 'json']) run(`scan-corpus-${f}`, ['scan', CORPUS, '--format', f]);
for (const f of ['text', 'json', 'markdown', 'sarif']) run(`scan-check-${f}`, ['scan', CORPUS, '--check', 'scopes.yaml', '--format', f]);
const explains = [...README.matchAll(/^npx wf-scopes explain '([^']*)'/gm)].map((m) => m[1]);
explains.forEach((e, i) => {
  for (const f of ['text', 'json']) run(`explain-${i}-${f}`, ['explain', e, '--format', f]);
});
for (const f of ['html', 'markdown']) run(`report-${f}`, ['report', '--format', f, '--now', '2026-01-01T00:00:00Z']);

// diff against the terraform fixtures (no live org): the refusal paths and their wording.
for (const source of ['state', 'plan']) {
  const file = join(ROOT, '__tests__', 'terraform', 'fixtures', `${source}.json`);
  for (const f of formats('diff')) run(`diff-${source}-${f}`, ['diff', '--source', source, '--file', file, '--format', f]);
}

// review: the shipped example against a base that lacks one flow and has one scope less.
const base = join(scratch, 'base.yaml');
const example = readFileSync(join(ROOT, 'scopes.yaml'), 'utf8');
writeFileSync(base, example.replace(/\n {2}- name: [^\n]*\n(?: {4}[^\n]*\n)+/, '\n'));
for (const f of formats('review')) run(`review-${f}`, ['review', '--base-file', base, '--format', f]);

rmSync(scratch, { recursive: true, force: true });
process.stdout.write(`golden: ${n} results in ${out}\n`);
