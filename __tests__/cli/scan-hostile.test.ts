import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { amplifyingExport } from '../flows/builders';
import { OKTA, card, exportText, tempDir } from '../scan/helpers';
import { runMain } from './run';

jest.setTimeout(60_000);

describe('wf-scopes scan: bounded on any wire graph (issue 16)', () => {
  // Compose → all 399 inputs of a Concatenate → 8 Custom API cards: ~1 MB, generated here, never stored.
  const dir = tempDir('wf-scan-amp-');
  writeFileSync(join(dir, 'amp.flow'), amplifyingExport());
  const note = 'the URL built from the wired cards is longer than 2048 characters (WF_SCOPES_MAX_PATH_CHARS)';

  test('text: exit 0, every Custom API card listed, known only at run time with the reason', async () => {
    const r = await runMain(['scan', 'amp.flow'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes('Okta/Custom API Action'));
    expect(lines).toHaveLength(8);
    for (const [i, l] of lines.entries()) {
      expect(l).toContain(`GET {URL longer than 2048 characters}  path known only at run time: ${note}; declare the call by hand  titled "Custom API Action ${i}"`);
    }
    expect(r.stdout).toContain('8 Custom API calls (0 matched to an endpoint, 8 known only at run time)');
  });

  test('json: the note on each call', async () => {
    const r = await runMain(['scan', 'amp.flow', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const calls = doc.exports[0].flows[0].cards.map((c: { customApi: unknown }) => c.customApi);
    expect(calls).toEqual(
      Array.from({ length: 8 }, () => ({ method: 'GET', path: null, resolved: false, source: 'wired', placeholder: '{URL longer than 2048 characters}', note, endpoint: null })),
    );
    expect(doc.totals.customApiUnresolved).toBe(8);
  });

  test('--check: the call is reported as known only at run time, with the reason', async () => {
    writeFileSync(join(dir, 'scopes.yaml'), 'version: 1\norgs:\n  - name: acme\n    domain: acme.okta.com\nflows:\n  - name: Other\n    cards:\n      - Okta/Read User\n');
    const r = await runMain(['scan', 'amp.flow', '--check', 'scopes.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2); // undeclared, its scopes unknown: a 403 cannot be ruled out
    expect(r.stdout).toContain(`(the URL is known only at run time: ${note}; declare the call by hand)`);
  });
});

describe('wf-scopes scan of a folder without exports (issue 16)', () => {
  const dir = tempDir('wf-scan-none-', {
    'scopes.yaml': 'orgs:\n  - name: acme\n    domain: acme.okta.com\nflows: []\n',
    // A Flow type annotation file: its extension claims an export, its content is none.
    'types/user.js.flow': '// @flow\nexport type User = {};\n',
  });
  mkdirSync(join(dir, 'emptydir'));
  const error =
    'emptydir: error: no Okta Workflows export found: expected .flow, .folder, .flopack files, or .json files holding a flopack, searched recursively\n' +
    '  pass the files or folders holding the exports (hidden folders and node_modules are searched only when named); export flows from the Workflows Console with Export\n';

  test.each([
    ['scan', []],
    ['scan --format json', ['--format', 'json']],
    ['scan --check', ['--check', 'scopes.yaml']],
    ['scan --check --format sarif', ['--check', 'scopes.yaml', '--format', 'sarif']],
    ['scan --write', ['--write', 'new.yaml', '--org-domain', 'acme.okta.com']],
  ])('%s: exit 1 naming the folder and what was expected, nothing on stdout, nothing written', async (_name, extra) => {
    const r = await runMain(['scan', 'emptydir', ...extra], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(error);
    expect(existsSync(join(dir, 'new.yaml'))).toBe(false);
  });

  test('files that only claim to be exports: their notes, then the same error counting them', async () => {
    const r = await runMain(['scan', 'types', '--check', 'scopes.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'note: skipped types/user.js.flow: not an Okta Workflows export: the content is not a JSON object\n' +
        "types: error: no Okta Workflows export found: expected .flow, .folder, .flopack files, or .json files holding a flopack, searched recursively (1 path skipped: see the notes above)\n" +
        '  pass the files or folders holding the exports (hidden folders and node_modules are searched only when named); export flows from the Workflows Console with Export\n',
    );
  });

  test('one folder with exports is enough: an empty one beside it is no error', async () => {
    const r = await runMain(['scan', 'emptydir', 'amp.flow'], { cwd: tempDirWithAmp() });
    expect(r.code).toBe(0);
  });
});

function tempDirWithAmp(): string {
  const d = tempDir('wf-scan-mixed-', { 'amp.flow': amplifyingExport({ templateChars: 20, concatInputs: 1, apiCards: 1 }) });
  mkdirSync(join(d, 'emptydir'));
  return d;
}

describe('wf-scopes scan --write into an existing empty file (issue 16)', () => {
  const flows = exportText([{ id: 'f', name: 'Read a user', methods: [card(OKTA('readUser'), { uuid: 'r', title: 'Read User' })] }]);
  const setup = (target: string | undefined): string => tempDir('wf-scan-into-empty-', { 'flows/a.flow': flows, ...(target !== undefined ? { 'scopes.yaml': target } : {}) });
  const write = ['scan', 'flows', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'];

  test.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n  \n'],
  ])('%s: says it wrote into the existing file, not that it created one', async (_name, before) => {
    const dir = setup(before);
    const r = await runMain(write, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('wrote into the existing empty file scopes.yaml: 1 flows, 0 comments for cards to add by hand');
    expect(r.stdout).not.toContain('created');
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8')).toContain('Okta/Read User');
  });

  test('json: created is false, wasEmpty true', async () => {
    const r = await runMain([...write, '--format', 'json'], { cwd: setup('') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'scopes.yaml', created: false, wasEmpty: true, changed: true, flowsAdded: ['"Read a user"'] });
  });

  test('a file that did not exist is still "created" (and has no wasEmpty)', async () => {
    const r = await runMain(write, { cwd: setup(undefined) });
    expect(r.stdout.split('\n')[0]).toBe('created scopes.yaml: 1 flows, 0 comments for cards to add by hand');
    const j = await runMain([...write.slice(0, 4), '--format', 'json'], { cwd: setup('') });
    expect(j.code).toBe(1);
    expect(j.stderr).toContain('--org-domain: error: scopes.yaml is empty: its org is needed');
    const created = await runMain([...write, '--format', 'json'], { cwd: setup(undefined) });
    expect(JSON.parse(created.stdout)).not.toHaveProperty('wasEmpty');
    expect(JSON.parse(created.stdout)).toMatchObject({ created: true });
  });
});

describe('wf-scopes scan does not follow symlinks out of the folder scanned (issue 16)', () => {
  const flows = exportText([{ id: 'f', name: 'Read a user', methods: [card(OKTA('readUser'), { uuid: 'r', title: 'Read User' })] }]);
  const dir = realpathSync(tempDir('wf-scan-links-', { 'flows/a.flow': flows, 'elsewhere/b.flow': flows }));
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'flows', 'more'));
  const reason = `symlink to the folder ${dir}/elsewhere, outside the scanned folder ${dir}/flows: not followed`;

  test('text: a note names the link and why; the export outside is not read', async () => {
    const r = await runMain(['scan', 'flows'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`note: skipped flows/more: ${reason}\n`);
    expect(r.stdout).toContain('1 export, 1 flow');
    expect(r.stdout).not.toContain('b.flow');
  });

  test('json: listed under skipped, the same on every run', async () => {
    const a = await runMain(['scan', 'flows', '--format', 'json'], { cwd: dir });
    const b = await runMain(['scan', 'flows', '--format', 'json'], { cwd: dir });
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).skipped).toEqual([{ file: 'flows/more', reason }]);
  });
});
