import { mkdtempSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { renderHtml, renderMarkdown } from '../../src/app/report';
import { UserError } from '../../src/util/diagnostics';
import { runMain } from '../cli/run';
import { EXAMPLE, ROOT, driftJsonOf, reportOf, requiredOf } from './build';
import { all, hasClass, one, parseHtml, text, type DomElement } from './dom';

/**
 * Hand-edited `diff --format json` results, each built from a real diff produced in-process, that
 * once all rendered "in sync". Each must now be refused at the key that lies (line and column), or
 * rendered as drift, unknown or not checked: never as in sync.
 */

type Json = {
  orgs: {
    name: string;
    inSync: boolean;
    missing: { scope: string }[];
    extra: { scope: string }[];
    granted: string[];
    plan?: { after: string[]; coversDeclaration: boolean; toGrant: string[] };
    unknownStatus?: { scope: string; status: string | null }[];
  }[];
  errors: { org: string; code: string; message: string }[];
  findings: { rule: string; org?: string }[];
};

const PROD = requiredOf(EXAMPLE, 'prod');
const PREVIEW = requiredOf(EXAMPLE, 'preview');
/** A real diff of both orgs, in sync: every required scope granted, nothing else. */
const inSync = (): Json => JSON.parse(driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD }, { org: 'preview', granted: PREVIEW }])) as Json;
const pretty = (j: Json): string => JSON.stringify(j, null, 2);
/** The 1-based line of the first line that holds `needle` after line `from`. */
function lineOf(text: string, needle: string, from = 0): number {
  const i = text.split('\n').findIndex((l, n) => n >= from && l.includes(needle));
  if (i < 0) throw new Error(`no ${needle}`);
  return i + 1;
}

function refusal(drift: string): string {
  try {
    reportOf(EXAMPLE, { drift });
  } catch (e) {
    if (e instanceof UserError) {
      const [d] = e.diagnostics;
      return `${d.loc?.file}:${d.loc?.line}:${d.loc?.column}: ${d.message}`;
    }
    throw e;
  }
  throw new Error('expected the drift file to be refused');
}

const md = new MarkdownIt({ html: true });

/** The org's section of the HTML page: none of its drift parts says "in sync". */
function expectHtmlNotInSync(html: string, org: string, shows: RegExp): void {
  const doc = parseHtml(html);
  const section = one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === org, `section ${org}`);
  const tile = one(section, hasClass('drift-tile'), 'drift tile');
  expect(text(tile)).not.toMatch(/in sync/i);
  expect(hasClass('good')(tile)).toBe(false);
  expect(text(one(section, hasClass('headline'), 'headline'))).not.toMatch(/in sync/i);
  expect(all(section, (e: DomElement) => hasClass('callout')(e) && hasClass('ok')(e)).filter((e) => /drift|sync/i.test(text(e)))).toEqual([]);
  expect(text(section)).not.toMatch(/in sync/i);
  expect(text(section)).toMatch(shows);
}

/** The org's section of the markdown report, parsed back: no text says "in sync". */
function expectMarkdownNotInSync(markdown: string, org: string, shows: RegExp): void {
  const tokens = md.parse(markdown, {});
  const start = tokens.findIndex((t, i) => t.type === 'heading_open' && t.tag === 'h2' && tokens[i + 1].content === org);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = tokens.findIndex((t, i) => i > start && t.type === 'heading_open' && t.tag === 'h2');
  const section = tokens.slice(start, end < 0 ? undefined : end);
  const words = section.flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');
  expect(words).not.toMatch(/in sync/i);
  expect(words).toMatch(shows);
}

function expectRenderedNotInSync(drift: string, org: string, shows: RegExp): void {
  const report = reportOf(EXAMPLE, { drift });
  const view = report.orgs.find((o) => o.name === org)?.drift;
  expect(view?.kind === 'checked' ? view.inSync : false).toBe(false);
  expectHtmlNotInSync(renderHtml(report), org, shows);
  expectMarkdownNotInSync(renderMarkdown(report), org, shows);
}

describe('the unedited diffs the crafted files start from', () => {
  test('an in-sync diff renders in sync (so the assertions below could fail)', () => {
    const report = reportOf(EXAMPLE, { drift: pretty(inSync()) });
    expect(report.orgs.map((o) => (o.drift.kind === 'checked' ? o.drift.inSync : o.drift.kind))).toEqual([true, true]);
    expect(renderMarkdown(report)).toContain('in sync with the live grants');
  });
});

describe('crafted drift files', () => {
  test('1. inSync true with a missing scope: refused at orgs[0].inSync', () => {
    const j = JSON.parse(driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD.filter((s) => s !== 'okta.users.manage') }])) as Json;
    expect(j.orgs[0].missing.map((m) => m.scope)).toEqual(['okta.users.manage']);
    j.orgs[0].inSync = true;
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"inSync"')}:17: \`orgs[0].inSync\`: is true, but \`granted\` and \`required\` give false`);
  });

  test('2. inSync true, the missing list emptied: refused at orgs[0].missing', () => {
    const j = JSON.parse(driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD.filter((s) => s !== 'okta.users.manage') }])) as Json;
    j.orgs[0].inSync = true;
    j.orgs[0].missing = [];
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"missing"')}:18: \`orgs[0].missing\`: lists none, but \`granted\` and \`required\` give okta.users.manage`);
  });

  test('3. granted emptied, still "in sync": refused at orgs[0].missing, naming every required scope', () => {
    const j = inSync();
    // Orgs are sorted by name: preview, then prod.
    expect(j.orgs.map((o) => o.name)).toEqual(['preview', 'prod']);
    j.orgs[1].granted = [];
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"missing"', lineOf(text, '"name": "prod"'))}:18: \`orgs[1].missing\`: lists none, but \`granted\` and \`required\` give ${PROD.join(', ')}`);
  });

  test('4. undeclared high-risk grants added to granted, extra left empty: refused at orgs[0].extra', () => {
    const j = inSync();
    j.orgs[0].granted = [...j.orgs[0].granted, 'okta.roles.manage', 'okta.appGrants.manage'].sort();
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"extra"')}:16: \`orgs[0].extra\`: lists none, but \`granted\` and \`required\` give okta.appGrants.manage, okta.roles.manage`);
  });

  test('5. an `errors` entry for an org the file also calls in sync: NOT CHECKED, the error shown', () => {
    const j = inSync();
    j.errors = [{ org: 'prod', code: 'okta-unauthorized', message: 'Okta answered 401 Unauthorized' }];
    expectRenderedNotInSync(pretty(j), 'prod', /Not checked: the diff could not read this org \(okta-unauthorized\): Okta answered 401 Unauthorized/);
  });

  test('5b. a real diff whose org could not be read (errors + WFS005): NOT CHECKED, the error shown', () => {
    const drift = driftJsonOf(EXAMPLE, [{ org: 'preview', granted: PREVIEW }], [{ org: 'prod', code: 'okta-timeout', message: 'no answer in 30 s', hint: 'check the network' }]);
    expect((JSON.parse(drift) as Json).findings.map((f) => f.rule)).toContain('WFS005');
    expectRenderedNotInSync(drift, 'prod', /Not checked: the diff could not read this org \(okta-timeout\): no answer in 30 s check the network/);
  });

  test('6. a duplicate inSync key (false, then true): refused at the second key', () => {
    const drift = driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD.filter((s) => s !== 'okta.users.manage') }]);
    const text = drift.replace('"inSync": false,', '"inSync": false,\n      "inSync": true,');
    const first = lineOf(text, '"inSync"');
    expect(refusal(text)).toMatch(
      new RegExp(`^drift\\.json:${first + 1}:7: \`orgs\\[0\\]\\.inSync\` is given twice \\(first at line ${first}, column 7\\)`),
    );
  });

  test('7. a plan that does not cover the declaration, edited to say it does: refused; unedited: not in sync', () => {
    const after = PROD.filter((s) => s !== 'okta.users.manage');
    const real = driftJsonOf(EXAMPLE, [{ org: 'prod', source: 'plan', granted: after, plan: { toGrant: [], toRevoke: [], after } }]);
    const j = JSON.parse(real) as Json;
    expect(j.orgs[0].plan?.coversDeclaration).toBe(false);
    expectRenderedNotInSync(real, 'prod', /After the apply the app still lacks declared scopes/);
    j.orgs[0].inSync = true;
    j.orgs[0].missing = [];
    if (j.orgs[0].plan) j.orgs[0].plan.coversDeclaration = true;
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"missing"')}:18: \`orgs[0].missing\`: lists none, but \`plan.after\` and \`required\` give okta.users.manage`);
    // Only the coverage flag edited: refused at it.
    const k = JSON.parse(real) as Json;
    if (k.orgs[0].plan) k.orgs[0].plan.coversDeclaration = true;
    const ktext = pretty(k);
    expect(refusal(ktext)).toBe(`drift.json:${lineOf(ktext, '"coversDeclaration"')}:30: \`orgs[0].plan.coversDeclaration\`: is true, but \`plan.after\` lacks okta.users.manage`);
  });

  test('8. a grant of unknown status (WFS007): UNKNOWN, the grant listed, never "see the plan"; inSync edited to true is refused', () => {
    const real = driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD, unknownStatus: [{ scope: 'okta.roles.manage', status: 'PENDING' }] }]);
    const j = JSON.parse(real) as Json;
    expect(j.findings.map((f) => f.rule)).toContain('WFS007');
    expectRenderedNotInSync(real, 'prod', /UNKNOWN against the live grants: 1 grant of unknown status/);
    expect(renderMarkdown(reportOf(EXAMPLE, { drift: real }))).toContain('`okta.roles.manage` status `PENDING`');
    expect(renderMarkdown(reportOf(EXAMPLE, { drift: real }))).not.toContain('see the plan');
    j.orgs[0].inSync = true;
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"inSync"')}:17: \`orgs[0].inSync\`: is true, but 1 grant has an unknown status (WFS007)`);
  });

  test('8b. the WFS007 finding deleted and inSync edited to true: the org entry\'s unknownStatus still refuses it', () => {
    const j = JSON.parse(driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD, unknownStatus: [{ scope: 'okta.roles.manage', status: 'PENDING' }] }])) as Json;
    expect(j.orgs[0].unknownStatus).toEqual([{ scope: 'okta.roles.manage', status: 'PENDING' }]);
    j.findings = j.findings.filter((f) => f.rule !== 'WFS007');
    j.orgs[0].inSync = true;
    const text = pretty(j);
    expect(refusal(text)).toBe(`drift.json:${lineOf(text, '"inSync"')}:17: \`orgs[0].inSync\`: is true, but 1 grant has an unknown status (WFS007)`);
    // Left at false, the report shows the grant from the org entry alone: never in sync.
    j.orgs[0].inSync = false;
    expectRenderedNotInSync(pretty(j), 'prod', /UNKNOWN against the live grants: 1 grant of unknown status/);
    expect(renderMarkdown(reportOf(EXAMPLE, { drift: pretty(j) }))).toContain('`okta.roles.manage` status `PENDING`');
  });

  test('9. a declared org missing from the drift file: not checked', () => {
    const drift = driftJsonOf(EXAMPLE, [{ org: 'prod', granted: PROD }]);
    expectRenderedNotInSync(drift, 'preview', /not checked \(drift\.json has no result for this org\)/);
  });
});

describe('the drift is about the declared app', () => {
  test('an org declared by label: a live diff of an app with another label is refused at app.label', () => {
    const drift = driftJsonOf(EXAMPLE, [{ org: 'preview', granted: PREVIEW, app: { id: '0oaOTHER', label: 'Some other app' } }]);
    const text = pretty(JSON.parse(drift) as Json);
    expect(refusal(text)).toBe(
      `drift.json:${lineOf(text, '"label"')}:18: \`orgs[0].app.label\`: org \`preview\`: the drift is about the app labelled "Some other app", but scopes.yaml declares the app labelled "Okta Workflows OAuth"`,
    );
  });
});

describe('wf-scopes report --drift (in-process)', () => {
  test('a refused drift file: exit 1, located error, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-report-trust-'));
    copyFileSync(join(ROOT, 'scopes.yaml'), join(dir, 'scopes.yaml'));
    const j = inSync();
    j.orgs[1].granted = [];
    const text = pretty(j);
    writeFileSync(join(dir, 'drift.json'), text);
    const r = await runMain(['report', '--drift', 'drift.json', '--output', 'report.html'], { cwd: dir, env: { WF_SCOPES_TODAY: '2026-12-02' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^drift\\.json:${lineOf(text, '"missing"', lineOf(text, '"name": "prod"'))}:18: error: \`orgs\\[1\\]\\.missing\`: lists none`));
    expect(r.stderr).toContain('rerun the diff against this scopes.yaml');
    expect(readdirSync(dir).sort()).toEqual(['drift.json', 'scopes.yaml']);
  });
});
