import MarkdownIt from 'markdown-it';
import { renderHtml, renderMarkdown } from '../../src/app/report';
import { reportOf } from './build';
import { all, hasClass, one, parseHtml, text, walk, type DomNode } from './dom';

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/**
 * Every flow, folder and reason carries a different bidi control. (An app label cannot: it reaches
 * Terraform, so the loader refuses one there.)
 */
function hostileYaml(): string {
  const q = (s: string) => JSON.stringify(s);
  return `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
    app: { id: 0oa8x2k4lq9ZrT3bN5d7 }
  - name: empty
    domain: empty.okta.com
    allowEmpty: { reason: ${q(`parked ${BIDI[2]}`)} }
flows:
  - name: ${q(`Invoice ${BIDI[4]}fdp.exe`)}
    folder: ${q(`Folder ${BIDI[5]}${BIDI[6]}${BIDI[7]}${BIDI[8]}`)}
    orgs: [prod]
    cards: [Okta/Read User]
  - name: ${q(`Second ${BIDI[0]}`)}
    orgs: [prod]
    cards: [Okta/Read User]
  - name: ${q(`Label ${BIDI[1]}${BIDI[2]}x`)}
    orgs: [prod]
    cards: [Okta/Read User]
extraScopes:
  - scope: okta.apps.read
    reason: ${q(`because ${BIDI[3]}${BIDI[9]}${BIDI[10]}${BIDI[11]}`)}
`;
}

function textNodes(n: DomNode): string[] {
  return n.kind === 'text' ? [n.value] : n.children.flatMap(textNodes);
}

describe('bidi controls in the access report', () => {
  const report = reportOf(hostileYaml());

  test('HTML: parsed by parse5, no text or attribute holds a bidi control; each shows as \\uXXXX', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(BIDI_RE);
    const doc = parseHtml(html);
    for (const t of textNodes(doc)) expect(t).not.toMatch(BIDI_RE);
    for (const e of walk(doc)) for (const v of Object.values(e.attrs)) expect(v).not.toMatch(BIDI_RE);
    const body = text(doc);
    expect(body).toContain('Invoice \\u202efdp.exe');
    expect(body).toContain('Label \\u202b\\u202cx');
    expect(body).toContain('because \\u202d\\u200e\\u200f\\u061c');
    expect(body).toContain('Second \\u202a');
    expect(body).toContain('Folder \\u2066\\u2067\\u2068\\u2069');
    // The matrix tooltip (an attribute) shows the card; a row header shows the name.
    expect(all(doc, (e) => e.tag === 'th' && text(e) === 'Second \\u202a')).toHaveLength(1);
  });

  test('Markdown: parsed by markdown-it, no text or code span holds a bidi control', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(BIDI_RE);
    const tokens = new MarkdownIt().parse(markdown, {}).flatMap((t) => [t, ...(t.children ?? [])]);
    const shown = tokens.filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('\n');
    expect(shown).toContain('Invoice \\u202efdp.exe');
    expect(shown).toContain('because \\u202d\\u200e\\u200f\\u061c');
  });
});

describe('an org with no scope', () => {
  test('its inventory row spans every column (colspan is a number, not template text)', () => {
    const yaml = hostileYaml().replace(/extraScopes:\n(.|\n)*$/, '');
    const doc = parseHtml(renderHtml(reportOf(yaml)));
    const section = one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === 'empty', 'empty org');
    const cell = one(section, (e) => e.tag === 'td' && hasClass('note')(e) && text(e).startsWith('No scope'), 'no-scope cell');
    expect(cell.attrs.colspan).toBe('5');
    const headers = all(one(section, hasClass('inventory'), 'inventory'), (e) => e.tag === 'th');
    expect(headers).toHaveLength(5);
  });
});
