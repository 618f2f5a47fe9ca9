import MarkdownIt from 'markdown-it';
import { renderHtml, renderMarkdown } from '../../src/app/report';
import { EXAMPLE, overGrantDrift, reportOf } from './build';
import { all, hasClass, kids, one, parseHtml, tag, text, type DomElement } from './dom';

/** The scopes × flows matrix with the drift on it, and the flows that need no scope folded into one line. */

const HELPERS = EXAMPLE.replace(
  '\nextraScopes:',
  '\n  - name: "Helper: <format> name"\n    folder: Helpers\n    cards: []\n\n  - name: Helper two\n    cards: []\n\nextraScopes:',
);

function matrixOf(doc: DomElement, org: string): DomElement {
  const section = one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === org);
  return one(section, hasClass('matrix'));
}

describe('the matrix with drift', () => {
  test('a declared scope the app lacks is marked +, a grant nothing declares gets its own column marked −', () => {
    const table = matrixOf(parseHtml(renderHtml(reportOf(EXAMPLE, { drift: overGrantDrift(), orgs: ['preview'] }))), 'preview');
    const heads = all(table, hasClass('scope'));
    const marked = heads.filter((h) => /mark-/.test(h.attrs.class)).map((h) => [text(h), h.attrs.class.replace(/^.*mark-/, '')]);
    expect(marked).toEqual([
      ['+ okta.groups.manage', 'missing'],
      ['− okta.roles.manage', 'extra'],
      ['− okta.realms.read', 'extra'],
    ]);
    // The extra columns come last and no flow marks them.
    expect(heads.slice(-2).map(text)).toEqual(['− okta.roles.manage', '− okta.realms.read']);
    for (const row of kids(one(table, tag('tbody')), 'tr')) {
      const cells = row.children.filter((c): c is DomElement => c.kind === 'element' && c.tag === 'td');
      if (cells.length) expect(cells.slice(-2).map((c) => c.attrs.class)).toEqual([undefined, undefined]);
    }
    const title = heads.find((h) => text(h) === '− okta.realms.read')!.attrs.title;
    expect(title).toBe('okta.realms.read (low risk: granted, not declared: approving revokes it)');
  });

  test('without a drift result nothing is marked', () => {
    const table = matrixOf(parseHtml(renderHtml(reportOf(EXAMPLE))), 'preview');
    expect(all(table, (e) => /mark-/.test(e.attrs.class ?? ''))).toEqual([]);
  });

  test('flows that need no scope are one line, not empty rows; their names stay text', () => {
    const table = matrixOf(parseHtml(renderHtml(reportOf(HELPERS))), 'prod');
    const rows = kids(one(table, tag('tbody')), 'tr');
    expect(rows.filter((r) => text(r).startsWith('Helper'))).toEqual([]);
    const folded = one(table, hasClass('cardless'));
    expect(text(folded)).toBe('2 flows need no scope: Helper: <format> name, Helper two');
    expect(one(folded, tag('th')).attrs.colspan).toBe(String(all(table, hasClass('scope')).length + 1));
  });

  test('the markdown twin marks the same columns and folds the same flows', () => {
    const md = new MarkdownIt({ html: true });
    const doc = parseHtml(`<!DOCTYPE html><html><body>${md.render(renderMarkdown(reportOf(HELPERS, { drift: overGrantDrift(), orgs: ['preview'] })))}</body></html>`);
    const heads = all(doc, tag('th')).map(text).filter((t) => /^[+−] /.test(t));
    expect(heads).toEqual(['+ okta.groups.manage (H)', '− okta.roles.manage (H)', '− okta.realms.read (L)']);
    expect(text(one(doc, tag('body')))).toContain('2 flows need no scope: Helper: <format> name, Helper two.');
  });
});
