import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../src/app/report';
import { EXAMPLE, exampleDrift, reportOf } from './build';
import { all, one, parseHtml, tag, text, type DomElement } from './dom';
import { REPORT_YAML, XSS_CARD, XSS_EXCEPTION, XSS_FLOW, XSS_FOLDER, XSS_LABEL, XSS_REASON } from './fixtures';

/** GitHub renders a comment with raw HTML allowed (then sanitizes): render the same way, the worst case. */
const md = new MarkdownIt({ html: true });

function rendered(markdown: string): DomElement {
  return parseHtml(`<!DOCTYPE html><html><body>${md.render(markdown)}</body></html>`);
}

function tableAfter(doc: DomElement, heading: string, nth = 0): DomElement {
  const body = one(doc, tag('body'));
  const blocks = body.children.filter((c): c is DomElement => c.kind === 'element');
  const starts = blocks.map((b, i) => (/^h[1-4]$/.test(b.tag) && text(b) === heading ? i : -1)).filter((i) => i >= 0);
  const start = starts[nth];
  if (start === undefined) throw new Error(`no heading ${heading}`);
  const t = blocks.slice(start + 1).find((b) => b.tag === 'table' || /^h[1-4]$/.test(b.tag));
  if (!t || t.tag !== 'table') throw new Error(`no table after ${heading}`);
  return t;
}

function rows(table: DomElement): string[][] {
  return all(one(table, tag('tbody')), tag('tr')).map((r) => all(r, (e) => e.tag === 'td').map(text));
}

describe('markdown access report', () => {
  const doc = rendered(renderMarkdown(reportOf(EXAMPLE, { drift: exampleDrift() })));

  test('the same sections as the page: per org, inventory, matrix, drift, policy', () => {
    const headings = all(doc, (e) => /^h[1-4]$/.test(e.tag)).map(text);
    expect(headings).toEqual([
      'Okta Workflows OAuth: access review',
      'prod',
      'Decision',
      'Scope inventory',
      'Scopes × flows',
      'Drift',
      'Policy exceptions and violations',
      'preview',
      'Decision',
      'Scope inventory',
      'Scopes × flows',
      'Drift',
      'Policy exceptions and violations',
    ]);
    const inventory = rows(tableAfter(doc, 'Scope inventory'));
    expect(inventory.map((r) => r[0])).toEqual([
      'okta.apps.manage',
      'okta.groups.manage',
      'okta.users.manage',
      'okta.apps.read',
      'okta.devices.manage',
      'okta.eventHooks.manage',
      'okta.groups.read',
      'okta.logs.read',
      'okta.users.read',
      'okta.devices.read',
      'okta.realms.read',
      'okta.schemas.read',
    ]);
    const logs = inventory.find((r) => r[0] === 'okta.logs.read')!;
    expect(logs[1]).toBe('medium: the system log names every user, their email, IP address and activity');
    expect(logs[2]).toBe('stated');
    expect(logs[3]).toBe('Offboard contractor (Lifecycle): Okta/Search System Logs statedSuspend inactive users (Hygiene): Okta/Search System Logs stated'); // <br> between
    expect(logs[5]).toBe('granted');
    expect(inventory.find((r) => r[0] === 'okta.groups.manage')![5]).toBe('MISSING');

    const matrix = tableAfter(doc, 'Scopes × flows');
    const offboard = rows(matrix).find((r) => r[0] === 'Offboard contractor (Lifecycle)')!;
    // The two extra grants get columns of their own, which no flow marks.
    expect(offboard.slice(1)).toEqual(['', 'H', 'H', '', '', 'M', '', 'M', 'M', '', '', 'L', '', '']);

    const missing = rows(tableAfter(doc, 'Drift'));
    expect(missing.map((r) => r[0])).toEqual(['okta.groups.manage', 'okta.devices.manage']);
    expect(text(one(doc, tag('body')))).toContain('Extra (granted by the org but not declared: an apply of the generated stack revokes them)');
  });

  test('hostile names are text in the rendered comment', () => {
    const hostile = rendered(renderMarkdown(reportOf(REPORT_YAML)));
    expect(all(hostile, (e) => ['img', 'svg', 'script', 'iframe', 'u'].includes(e.tag))).toEqual([]);
    // Emphasis is ours (evidence levels), never the reason's own `<em>`.
    expect(all(hostile, (e) => e.tag === 'em' && text(e) === 'role')).toEqual([]);
    for (const e of all(hostile, () => true)) for (const a of Object.keys(e.attrs)) expect(a).not.toMatch(/^on/);
    const body = text(one(hostile, tag('body')));
    for (const s of [XSS_FLOW, XSS_FOLDER, XSS_LABEL, XSS_CARD, XSS_REASON, XSS_EXCEPTION]) expect(body).toContain(s);
    // The expired exception stands out in the policy table.
    const policy = rows(tableAfter(hostile, 'Policy exceptions and violations'));
    expect(policy.map((r) => r[4])).toEqual(['active (1 finding)', 'EXPIRED']);
  });

  test('byte-identical across runs', () => {
    expect(renderMarkdown(reportOf(REPORT_YAML))).toBe(renderMarkdown(reportOf(REPORT_YAML)));
  });
});
