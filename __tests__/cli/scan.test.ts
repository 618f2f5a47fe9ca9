import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { loadCatalog } from '../../src/core/catalog';
import { parseManifest } from '../../src/core/manifest/load';
import { sarifValidator } from '../support/sarif-validator';
import { OKTA, SLACK, card, event, exportText, sampleExport, tempDir } from '../scan/helpers';
import { sharedPresent } from '../support/shared';
import { ROOT, runMain } from './run';

const catalog = loadCatalog();

// Several tests run the CLI a few times on the whole corpus; on a loaded CI machine that can pass a minute.
jest.setTimeout(180_000);

/** Real exports (shared/okta-workflows-flows/SOURCES.md), read in place, never copied. */
const CORPUS_ARG = '../shared/okta-workflows-flows';
const corpusPresent = sharedPresent('okta-workflows-flows', 'scan corpus tests');
const describeCorpus = corpusPresent ? describe : describe.skip;

const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);

function exportsDir(): string {
  const dir = tempDir('wf-scan-');
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'sample.folder'), sampleExport());
  writeFileSync(
    join(dir, 'exports', 'logs.flow'),
    exportText([{ id: 'l', name: 'Nightly logs', methods: [card(OKTA('searchSystemLogs'), { uuid: 's', title: 'Get the logs' })] }]),
  );
  return dir;
}

describe('wf-scopes scan', () => {
  test('--format json: every export, flow and card, paths relative to the working folder', async () => {
    const dir = exportsDir();
    const r = await runMain(['scan', 'exports', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.exports.map((e: { file: string }) => e.file)).toEqual(['exports/logs.flow', 'exports/sample.folder']);
    expect(doc.exports[0].flows[0]).toEqual({
      name: 'Nightly logs',
      id: 'l',
      kind: 'unknown',
      cards: [
        {
          connector: 'okta',
          key: 'searchSystemLogs',
          name: 'Search System Logs',
          ref: 'Okta/Search System Logs',
          title: 'Get the logs',
          event: false,
          scopes: ['okta.logs.read'],
          customApi: null,
        },
      ],
      otherCards: 0,
    });
    expect(doc.unknownCards.map((u: { connector: string; key: string }) => `${u.connector}/${u.key}`)).toEqual([
      'okta/brandNewCard',
      'oktaprivilegedaccess/customApiAction',
    ]);
    expect(doc.errors).toEqual([]);
    expect(doc.totals).toMatchObject({ exports: 2, flows: 3, oktaCards: 10 });
    // Byte-identical across runs.
    expect((await runMain(['scan', 'exports', '--format', 'json'], { cwd: dir })).stdout).toBe(r.stdout);
  });

  test('text: per export and flow, then totals', async () => {
    const dir = exportsDir();
    const r = await runMain(['scan', 'exports'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('exports/sample.folder  (format 1.5.0)');
    expect(r.stdout).toContain('flow "Offboard contractor" in Lifecycle (event)');
    expect(r.stdout).toMatch(/Okta\/Search System Logs +okta\.logs\.read +titled "Get the logs"/);
    expect(r.stdout).toContain('2 exports, 3 flows');
  });

  test('bad files are reported with a reason, the good ones still scanned, exit 1', async () => {
    const dir = exportsDir();
    const ex = join(dir, 'exports');
    writeFileSync(join(ex, 'notjson.flow'), '{this is not JSON at all');
    // Extension of an export, content of none (a Flow type file): skipped with a note, not an error.
    writeFileSync(join(ex, 'types.js.flow'), '// @flow\nexport type X = number;\n');
    writeFileSync(join(ex, 'cut.flopack'), sampleExport().slice(0, 200));
    writeFileSync(join(ex, 'other.folder'), JSON.stringify({ type: 'zip', data: {} }));
    symlinkSync('..', join(ex, 'loop')); // a folder symlink back to an ancestor
    symlinkSync('y.flow', join(ex, 'x.flow')); // two file symlinks pointing at each other
    symlinkSync('x.flow', join(ex, 'y.flow'));
    const r = await runMain(['scan', 'exports', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    noStack(r.stderr);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors.map((e: { file: string; code: string }) => [e.file, e.code])).toEqual([
      ['exports/cut.flopack', 'truncated'],
      ['exports/notjson.flow', 'not-json'],
      ['exports/x.flow', 'symlink-loop'],
      ['exports/y.flow', 'symlink-loop'],
    ]);
    for (const e of doc.errors) expect(e.reason).toBeTruthy();
    // The link to `..` leads out of the folder scanned: not followed (so no loop either), with a note.
    const real = realpathSync(dir);
    expect(doc.skipped).toEqual([
      { file: 'exports/loop', reason: `symlink to the folder ${real}, outside the scanned folder ${real}/exports: not followed` },
      { file: 'exports/other.folder', reason: 'not an Okta Workflows export: JSON without a flow shape ("type" is "zip")' },
      { file: 'exports/types.js.flow', reason: 'not an Okta Workflows export: the content is not a JSON object' },
    ]);
    expect(r.stderr).toContain('note: skipped exports/types.js.flow: not an Okta Workflows export');
    expect(doc.exports.map((e: { file: string }) => e.file)).toEqual(['exports/logs.flow', 'exports/sample.folder']);
    const text = await runMain(['scan', 'exports', 'missing.flow'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('missing.flow: cannot open: no such file or folder');
    expect(text.stdout).toMatch(/exports\/notjson\.flow:1:2: not JSON/);
    expect(text.stderr).toContain('5 files could not be read (listed above)\n');
  });

  test('options that do not go together are refused', async () => {
    const dir = exportsDir();
    const sarif = await runMain(['scan', 'exports', '--format', 'sarif'], { cwd: dir });
    expect(sarif.code).toBe(1);
    expect(sarif.stderr).toContain('--format: error: --format sarif is for --check reports');
    const both = await runMain(['scan', 'exports', '--write', 'a.yaml', '--check', 'a.yaml'], { cwd: dir });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--write and --check cannot be combined');
    const org = await runMain(['scan', 'exports', '--org-domain', 'acme.okta.com'], { cwd: dir });
    expect(org.code).toBe(1);
    expect(org.stderr).toContain('the org options only apply to --write');
  });
});

describe('wf-scopes scan --write', () => {
  test('a new file needs --org-domain; then it is created, valid, and stable on a second run', async () => {
    const dir = exportsDir();
    const missing = await runMain(['scan', 'exports', '--write', 'scopes.yaml'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--org-domain: error: scopes.yaml does not exist yet');
    expect(existsSync(join(dir, 'scopes.yaml'))).toBe(false);

    const bad = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--org-domain', 'https://acme.okta.com'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--org-domain: error: domain must be a host name, not a URL');

    const first = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com', '--org-name', 'prod'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created scopes.yaml: 3 flows');
    expect(first.stdout).toMatch(/wf-scopes check accepts it[,.]/);
    const text = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    expect(text).toContain('  - name: prod\n    domain: acme.okta.com\n');
    expect(text).toContain('      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors\n');
    expect(parseManifest(text, 'scopes.yaml', catalog).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect((await runMain(['check', '--config', 'scopes.yaml'], { cwd: dir })).code).toBe(0);

    const second = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--format', 'json'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ file: 'scopes.yaml', created: false, changed: false, flowsAdded: [] });
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8')).toBe(text);
    // Atomic write: no temporary file left beside it.
    expect(readdirSync(dir).sort()).toEqual(['exports', 'scopes.yaml']);
  });

  test('merging keeps the file mode and refuses an existing file with errors', async () => {
    const dir = exportsDir();
    const hand = 'version: 1\n# our org\norgs:\n  - name: prod\n    domain: acme.okta.com\n';
    writeFileSync(join(dir, 'scopes.yaml'), hand);
    chmodSync(join(dir, 'scopes.yaml'), 0o640);
    const r = await runMain(['scan', 'exports', '--write', 'scopes.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('updated scopes.yaml: 3 flows added');
    expect(statSync(join(dir, 'scopes.yaml')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8')).toContain('# our org');

    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: X\n    cards: [Okta/Read Usr]\n');
    const broken = await runMain(['scan', 'exports', '--write', 'broken.yaml'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.yaml:7:13: error: unknown card `Okta/Read Usr`');
    expect(broken.stderr).toContain('nothing was merged');

    const other = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--org-domain', 'other.okta.com'], { cwd: dir });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('declares no org with domain other.okta.com');
  });

  test('nothing is written when an input file cannot be read', async () => {
    const dir = exportsDir();
    writeFileSync(join(dir, 'exports', 'bad.flow'), '{"type": "flopack", "version": "1.5.0"');
    const r = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exports/bad.flow:1:');
    expect(r.stderr).toContain('nothing written to scopes.yaml: 1 input file could not be read');
    noStack(r.stderr);
    expect(existsSync(join(dir, 'scopes.yaml'))).toBe(false);
  });
});

describe('wf-scopes scan: no card loses its scope, exports by content', () => {
  test('an export whose only Okta card is an unknown event: --write declares it as the trigger, check grants okta.eventHooks.manage', async () => {
    const dir = tempDir('wf-scan-event-', {
      'exports/reset.flow': exportText([{ id: 'r', name: 'On admin reset', methods: [event('someEventNotYetInTheCatalog', 'Password Reset Someday')] }]),
    });
    const w = await runMain(['scan', 'exports', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'], { cwd: dir });
    expect(w.code).toBe(0);
    const written = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    expect(written).toContain('trigger: Okta/Password Reset Someday');
    expect(written).toContain('(okta/someEventNotYetInTheCatalog) is not in the catalog; written as the trigger');
    const c = await runMain(['check', '--config', 'scopes.yaml', '--format', 'json'], { cwd: dir });
    expect(c.code).toBe(0);
    const scopes = (JSON.parse(c.stdout) as { orgs: { scopes: { scope: string }[] }[] }).orgs[0]?.scopes.map((x) => x.scope);
    expect(scopes).toEqual(['okta.eventHooks.manage']);
  });

  test('a folder holding a flopack saved as workflow.json is scanned whole; other JSON is skipped silently', async () => {
    const dir = tempDir('wf-scan-json-', {
      'template/workflow.json': sampleExport(),
      'template/metadata.json': JSON.stringify({ name: 'template', connectors: ['okta'] }),
    });
    const r = await runMain(['scan', 'template', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { exports: { file: string; flows: unknown[] }[]; skipped: unknown[] };
    expect(doc.exports.map((e) => e.file)).toEqual(['template/workflow.json']);
    expect(doc.exports[0]?.flows.length).toBeGreaterThan(0);
    expect(doc.skipped).toEqual([]);
  });

  test('`scan .` at the repository root: node_modules, .git and hidden folders are not entered', async () => {
    // The repository holds no export, so the scan ends in the no-exports error (exit 1); had the walk
    // entered node_modules, its `.js.flow` type files would show as notes, and unreadable files as a report.
    const r = await runMain(['scan', '.', '--format', 'json'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^\.: error: no Okta Workflows export found: [^\n]*\n  pass the files or folders holding the exports[^\n]*\n$/);
  });
});

describe('wf-scopes scan --check', () => {
  const covered = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
flows:
  - name: Nightly logs
    cards:
      - Okta/Search System Logs
`;

  test('exit 0 when every card is declared', async () => {
    const dir = tempDir('wf-scan-check-');
    writeFileSync(
      join(dir, 'logs.flow'),
      exportText([{ id: 'l', name: 'Nightly logs', methods: [card(OKTA('searchSystemLogs'), { uuid: 's' })] }]),
    );
    writeFileSync(join(dir, 'scopes.yaml'), covered);
    const ok = await runMain(['scan', 'logs.flow', '--check', 'scopes.yaml'], { cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 Okta-family cards, 1 declared; 0 not declared');
  });

  // Search System Logs is declared, Deactivate User (okta.users.manage) is not.
  const undeclared = (): string =>
    tempDir('wf-scan-check-', {
      'scopes.yaml': covered,
      'logs.flow': exportText([
        { id: 'l', name: 'Nightly logs', methods: [card(OKTA('searchSystemLogs'), { uuid: 's' }), card(OKTA('deactivateUser'), { uuid: 'd', title: 'Kill user' })] },
      ]),
    });

  test('exit 2 when an undeclared card likely fails with 403: text and json', async () => {
    const dir = undeclared();
    const bad = await runMain(['scan', 'logs.flow', '--check', 'scopes.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(
      'scopes.yaml:6:5: NOT DECLARED (likely 403): Okta/Deactivate User is not declared in flow "Nightly logs" (card titled "Kill user"): scope okta.users.manage not granted in org prod',
    );

    const json = JSON.parse((await runMain(['scan', 'logs.flow', '--check', 'scopes.yaml', '--format', 'json'], { cwd: dir })).stdout);
    expect(json.uncovered).toHaveLength(1);
    expect(json.uncovered[0]).toMatchObject({ card: 'Okta/Deactivate User', status: 'likely-403', line: 6, missing: [{ org: 'prod', scopes: ['okta.users.manage'] }] });
  });

  test('exit 2 in markdown and SARIF too; the SARIF validates and points at the flow', async () => {
    const dir = undeclared();
    const md = await runMain(['scan', 'logs.flow', '--check', 'scopes.yaml', '--format', 'markdown'], { cwd: dir });
    expect(md.code).toBe(2);
    expect(md.stdout).toContain('| Nightly logs | Okta/Deactivate User | **likely 403** |');

    const sarif = await runMain(['scan', 'logs.flow', '--check', 'scopes.yaml', '--format', 'sarif'], { cwd: dir });
    expect(sarif.code).toBe(2);
    const log = JSON.parse(sarif.stdout) as Log;
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    expect(log.runs[0].tool.driver.version).toBe('0.1.0');
    expect(log.runs[0].results?.[0]).toMatchObject({
      ruleId: 'WFS201',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'scopes.yaml' }, region: { startLine: 6, startColumn: 5 } } }],
      relatedLocations: [{ physicalLocation: { artifactLocation: { uri: 'logs.flow' } } }],
    });
  });

  test('an invalid or missing declaration is an input error, exit 1', async () => {
    const dir = exportsDir();
    const missing = await runMain(['scan', 'exports', '--check', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--check: error: cannot read nope.yaml: no such file');
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\norgs: []\n');
    const bad = await runMain(['scan', 'exports', '--check', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.yaml:');
    noStack(bad.stderr);
  });
});

describeCorpus('wf-scopes scan on the real export corpus', () => {
  test('--format json: 161 exports, 645 flows, 513 Okta-family cards, 62 distinct, 135 Custom API cards', async () => {
    const r = await runMain(['scan', CORPUS_ARG, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    type Card = { connector: string; key: string; customApi: unknown; name: string | null };
    const cards: Card[] = doc.exports.flatMap((e: { flows: { cards: Card[] }[] }) => e.flows.flatMap((f) => f.cards));
    expect(doc.exports).toHaveLength(161);
    // Stubs (flows referenced but not exported) are listed per export, not as flows.
    expect(doc.exports.flatMap((e: { flows: unknown[] }) => e.flows)).toHaveLength(645);
    expect(doc.exports.flatMap((e: { stubs: string[] }) => e.stubs)).toHaveLength(3);
    expect(cards).toHaveLength(513);
    expect(cards.filter((c) => ['okta', 'oktadevices', 'oktarealms'].includes(c.connector))).toHaveLength(505);
    expect(cards.filter((c) => c.connector === 'oktaprivilegedaccess')).toHaveLength(8);
    expect(new Set(cards.map((c) => `${c.connector}/${c.key}`)).size).toBe(62);
    expect(cards.filter((c) => c.customApi !== null)).toHaveLength(135);
    expect(cards.filter((c) => c.customApi !== null && c.connector === 'okta')).toHaveLength(127);
    expect(doc.unknownCards).toEqual([expect.objectContaining({ connector: 'oktaprivilegedaccess', key: 'customApiAction', count: 8, reason: 'connector-not-covered' })]);
    expect(doc.errors).toEqual([]);
    expect(doc.totals).toMatchObject({ exports: 161, flows: 645, stubFlows: 3, oktaCards: 513, catalogConnectorCards: 505, distinctCards: 62, customApiCards: 135 });
    // Every Okta card except the unresolved calls has a name from the catalog.
    expect(cards.filter((c) => c.connector !== 'oktaprivilegedaccess' && c.name === null)).toEqual([]);
  });

  test('--write creates a declaration check accepts, byte-identical when run again', async () => {
    const dir = tempDir('wf-scan-corpus-');
    const corpus = join(ROOT, CORPUS_ARG);
    const first = await runMain(['scan', corpus, '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const text = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    const check = await runMain(['check', '--config', 'scopes.yaml', '--format', 'json'], { cwd: dir });
    expect(check.code).toBe(0);
    // It has warnings (flows of the same name in several templates, inferred cards), never errors.
    expect(JSON.parse(check.stdout).warnings.length).toBeGreaterThan(0);
    const again = await runMain(['scan', corpus, '--write', 'scopes.yaml'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('scopes.yaml is up to date');
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8')).toBe(text);
    // The calls known only at run time are still undeclared: --check says so and fails.
    const checked = await runMain(['scan', corpus, '--check', 'scopes.yaml', '--format', 'json'], { cwd: dir });
    expect(checked.code).toBe(2);
    const cov = JSON.parse(checked.stdout);
    expect(cov.uncovered.every((u: { status: string }) => u.status === 'unknown-scopes')).toBe(true);
    expect(cov.stale).toEqual([]);
  });

  test('merging the corpus into a hand-written declaration keeps its comments, orgs, extraScopes and flows', async () => {
    const hand = `# Hand-written header comment
version: 1

orgs:
  - name: prod
    domain: acme.okta.com   # the production org
    app:
      id: 0oa8x2k4lq9ZrT3bN5d7
  - name: preview
    domain: acme.oktapreview.com

flows:
  # A flow no export contains
  - name: Hand written flow
    orgs: [prod]
    reason: Audits group rules every night
    cards:
      - Okta/Search Groups   # kept by hand

extraScopes:
  - scope: okta.apps.read
    reason: Quarterly access report   # why we keep it
`;
    const dir = tempDir('wf-scan-merge-', { 'scopes.yaml': hand });
    const corpus = join(ROOT, CORPUS_ARG);
    const r = await runMain(['scan', corpus, '--write', 'scopes.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    for (const comment of ['# Hand-written header comment', '# the production org', '# A flow no export contains', '# kept by hand', '# why we keep it']) {
      expect(text).toContain(comment);
    }
    const parsed = parseManifest(text, 'scopes.yaml', catalog);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = parsed.manifest;
    expect(m?.orgs.map((o) => [o.name, o.domain, o.app.id])).toEqual([
      ['prod', 'acme.okta.com', '0oa8x2k4lq9ZrT3bN5d7'],
      ['preview', 'acme.oktapreview.com', undefined],
    ]);
    expect(m?.extraScopes.map((e) => [e.scope, e.reason])).toEqual([['okta.apps.read', 'Quarterly access report']]);
    expect(m?.flows[0]).toMatchObject({ name: 'Hand written flow', orgs: ['prod'], reason: 'Audits group rules every night' });
    expect(m?.flows[0].cards.map((c) => c.ref)).toEqual(['Okta/Search Groups']);
    expect(m?.flows.length).toBeGreaterThan(300);
    const again = await runMain(['scan', corpus, '--write', 'scopes.yaml'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8')).toBe(text);
  });
});

describe('wf-scopes scan --write tells the truth about check', () => {
  test('a written declaration check rejects (no Okta card at all: no scope) is never called accepted', async () => {
    // An export whose only card is Slack's: no Okta card, so no scope.
    const dir = tempDir('wf-scan-no-okta-', {
      'flows/slack.flow': exportText([{ id: 's', name: 'Post to Slack', methods: [card(SLACK('sendMessage'), { uuid: 'm', title: 'Send Message' })] }]),
    });
    const r = await runMain(['scan', 'flows', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wf-scopes check does not accept it yet: org `acme` resolves to no scope');
    expect(r.stdout).not.toContain('check accepts it');
    expect((await runMain(['check'], { cwd: dir })).code).toBe(1);
  });
});
