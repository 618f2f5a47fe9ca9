import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml, renderMarkdown } from '../../src/app/report';
import { sha256Hex } from '../../src/app/report/since-record';
import { runMain } from '../cli/run';
import { driftJsonOf, reportOf } from './build';
import { all, hasClass, kids, one, parseHtml, tag, text, type DomElement } from './dom';

/**
 * Issue 19: the report stays linear in the declaration's size. Past WF_SCOPES_MAX_REPORT_ITEMS a list
 * of the page shows that many items and says how many more there are, with the count: nothing is cut
 * in silence. Orgs that run the same flows share their flow data, and each still gets its own.
 */

const FOLD = '3';
const env = { WF_SCOPES_TODAY: '2026-12-02', WF_SCOPES_MAX_REPORT_ITEMS: FOLD };

/** Two orgs; 10 flows read a user, 5 helper flows need no scope. `card` replaces Read User. */
function declaration(card = 'Okta/Read User'): string {
  const out = ['version: 1', 'orgs:', '  - name: prod', '    domain: acme.okta.com', '  - name: dev', '    domain: acme-dev.okta.com', 'flows:'];
  for (let i = 0; i < 10; i++) out.push(`  - name: Flow ${String(i).padStart(2, '0')}`, `    cards: [${card}]`);
  for (let i = 0; i < 5; i++) out.push(`  - name: Helper ${i}`, '    cards: []');
  return `${out.join('\n')}\n`;
}

const MORE = (n: number, noun: string, where: string) => `and ${n} more ${noun}, not listed here (this report lists ${FOLD} ${where}; WF_SCOPES_MAX_REPORT_ITEMS raises it)`;

async function report(yaml: string, args: string[] = []): Promise<{ dir: string; html: string; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-fold-'));
  writeFileSync(join(dir, 'scopes.yaml'), yaml);
  const h = await runMain(['report', '--output', 'report.html', ...args], { cwd: dir, env });
  expect(h.stderr).toMatch(/^wrote report\.html/);
  const m = await runMain(['report', '--format', 'markdown', ...args], { cwd: dir, env });
  expect(m.code).toBe(0);
  return { dir, html: readFileSync(join(dir, 'report.html'), 'utf8'), markdown: m.stdout };
}

function section(doc: DomElement, org: string): DomElement {
  return one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === org);
}

describe('folding long lists', () => {
  test('a scope needed by more flows than the cap lists the first ones and counts the rest, in both formats', async () => {
    const { html, markdown } = await report(declaration());
    const prod = section(parseHtml(html), 'prod');
    const row = one(prod, (e) => hasClass('scope-row')(e) && e.attrs['data-scope'] === 'okta.users.read');
    const items = all(row, tag('li'));
    expect(items.map(text)).toEqual(['Flow 00: Okta/Read User inferred', 'Flow 01: Okta/Read User inferred', 'Flow 02: Okta/Read User inferred', MORE(7, 'flows', 'flows per scope')]);
    // The summary still gives the whole count: 3 listed + 7 counted = 10.
    expect(text(one(row, tag('summary')))).toMatch(/^10 flows /);
    expect(markdown).toContain(`**Flow 02**: Okta/Read User _inferred_<br>_${MORE(7, 'flows', 'flows per scope').replace(/_/g, '\\_')}_`);
    expect(markdown).not.toContain('**Flow 03**');
  });

  test('the matrix shows the first rows and counts the others; the flows that need no scope are counted too', async () => {
    const { html, markdown } = await report(declaration());
    const matrix = one(section(parseHtml(html), 'prod'), hasClass('matrix'));
    const rows = kids(one(matrix, tag('tbody')), 'tr');
    expect(rows.map((r) => text(all(r, tag('th'))[0]))).toEqual([
      'Flow 00',
      'Flow 01',
      'Flow 02',
      MORE(7, 'flows that need a scope', 'rows per matrix'),
      `5 flows need no scope: Helper 0, Helper 1, Helper 2, ${MORE(2, 'flows', 'flows per line')}`,
    ]);
    expect(html).toContain('Rows: 10 flows;');
    expect(markdown).toContain(`| _${MORE(7, 'flows that need a scope', 'rows per matrix').replace(/_/g, '\\_')}_ |`);
    expect(markdown).toContain(`5 flows need no scope: Helper 0, Helper 1, Helper 2, ${MORE(2, 'flows', 'flows per line').replace(/_/g, '\\_')}.`);
  });

  test('a missing scope lists the first failing cards and counts the rest', () => {
    const yaml = declaration();
    const required = reportOf(yaml).orgs[0].scopes.map((s) => s.scope);
    const drift = driftJsonOf(yaml, [{ org: 'prod', granted: required.filter((s) => s !== 'okta.users.read') }]);
    const r = { ...reportOf(yaml, { drift, orgs: ['prod'] }), foldAt: 3 };
    const missing = one(parseHtml(renderHtml(r)), (e) => hasClass('drift-missing')(e));
    expect(all(missing, tag('li')).map(text)).toEqual(['Flow 00: Okta/Read User', 'Flow 01: Okta/Read User', 'Flow 02: Okta/Read User', MORE(7, 'cards', 'cards per scope')]);
    expect(renderMarkdown(r)).toContain(`Flow 02: Okta/Read User<br>_${MORE(7, 'cards', 'cards per scope').replace(/_/g, '\\_')}_`);
  });

  test('the record keeps the first flows and the count, and --since reads the count back', async () => {
    const before = await report(declaration());
    const record = JSON.parse(/<script type="application\/json" id="wf-scopes-record">([^<]*)<\/script>/.exec(before.html)![1]) as { orgs: { scopes: { scope: string; flows: string[]; more?: number }[] }[] };
    const users = record.orgs[0].scopes.find((s) => s.scope === 'okta.users.read')!;
    expect(users).toEqual({ scope: 'okta.users.read', risk: expect.any(String), flows: ['Flow 00', 'Flow 01', 'Flow 02'], more: 7 });
    // okta.users.read is no longer granted: its removed row names the 3 flows and counts the 7 others.
    writeFileSync(join(before.dir, 'scopes.yaml'), declaration('Okta/Read Group'));
    const since = await runMain(['report', '--format', 'markdown', '--since', 'report.html'], { cwd: before.dir, env });
    expect(since.code).toBe(0);
    expect(since.stdout).toContain(`| \`okta.users.read\` | **medium** | Flow 00, Flow 01, Flow 02, ${MORE(7, 'flows', 'flows per scope').replace(/_/g, '\\_')} |`);
  });

  test('a record whose count is not a positive whole number is refused at its place', async () => {
    const before = await report(declaration());
    const open = '<script type="application/json" id="wf-scopes-record">';
    const old = /<script type="application\/json" id="wf-scopes-record">([^<]*)<\/script>/.exec(before.html)![1];
    const edited = old.replace('"more":7', '"more":0');
    expect(edited).not.toBe(old);
    // Re-pinned, so that the shape check (not the hash) is what refuses it.
    const page = before.html.replace(`${open}${old}`, `${open}${edited}`).replace(sha256Hex(old), sha256Hex(edited)).replace(sha256Hex(old), sha256Hex(edited));
    writeFileSync(join(before.dir, 'edited.html'), page);
    const r = await runMain(['report', '--format', 'markdown', '--since', 'edited.html'], { cwd: before.dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/edited\.html:\d+:\d+: .*orgs\[0\]\.scopes\[\d\]\.more must be a positive whole number/);
  });

  test('below the cap nothing is folded and no count is written', () => {
    const r = reportOf(declaration());
    expect(r.foldAt).toBe(500);
    for (const out of [renderHtml(r), renderMarkdown(r)]) expect(out).not.toMatch(/more flows|"more":/);
  });
});

describe('orgs that run the same flows share them', () => {
  test('each org still gets exactly its own flows', () => {
    const yaml = declaration().concat('  - name: Prod only\n    orgs: [prod]\n    cards: [Okta/Read Group]\n');
    const [prod, dev] = reportOf(yaml).orgs;
    expect([prod.totals.flows, dev.totals.flows]).toEqual([16, 15]);
    expect(prod.scopes.map((s) => s.scope)).toContain('okta.groups.read');
    expect(dev.scopes.map((s) => s.scope)).not.toContain('okta.groups.read');
    expect(prod.flows.map((f) => f.flow)).toContain('Prod only');
    expect(dev.flows.map((f) => f.flow)).not.toContain('Prod only');
    // The flows both run: the same needs, held once.
    const users = (o: typeof prod) => o.scopes.find((s) => s.scope === 'okta.users.read')!.neededBy;
    expect(users(prod)).toEqual(users(dev));
  });

  test('orgs that each skip a different flow get their own flows, cards and rows (shared per flow)', () => {
    const yaml = declaration().replace(/(  - name: Flow 0([0-2])\n)/g, (_m, line: string, i: string) => `${line}    orgs: [${i === '0' ? 'prod' : 'dev'}]\n`);
    const [prod, dev] = reportOf(yaml).orgs;
    const flowsOf = (o: typeof prod) => o.scopes.find((s) => s.scope === 'okta.users.read')!.neededBy.map((f) => f.flow);
    expect(flowsOf(prod)).toEqual(['Flow 00', 'Flow 03', 'Flow 04', 'Flow 05', 'Flow 06', 'Flow 07', 'Flow 08', 'Flow 09']);
    expect(flowsOf(dev)).toEqual(['Flow 01', 'Flow 02', 'Flow 03', 'Flow 04', 'Flow 05', 'Flow 06', 'Flow 07', 'Flow 08', 'Flow 09']);
    expect([prod.totals.flows, dev.totals.flows]).toEqual([13, 14]);
    // Each card is listed once per flow, however many orgs run the flow.
    for (const o of [prod, dev]) for (const f of o.flows.filter((x) => x.needs.size)) expect(f.needs.get('okta.users.read')).toEqual(['Okta/Read User']);
  });

  test('two flows of one name (in two folders) are still told apart per org', () => {
    const yaml = declaration().concat('  - name: Flow 00\n    folder: Other\n    orgs: [dev]\n    cards: [Okta/Read Group]\n');
    const [prod, dev] = reportOf(yaml).orgs;
    expect(prod.scopes.map((s) => s.scope)).not.toContain('okta.groups.read');
    expect(dev.scopes.find((s) => s.scope === 'okta.groups.read')!.neededBy).toEqual([{ flow: 'Flow 00', folder: 'Other', cards: [{ card: 'Okta/Read Group', evidence: 'inferred' }] }]);
  });
});
