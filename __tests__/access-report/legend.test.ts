import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { renderHtml, renderMarkdown } from '../../src/app/report';
import { evidenceMeaning, knownEvidenceLevels } from '../../src/app/report/evidence';
import { EXAMPLE, ROOT, reportOf } from './build';
import { all, hasClass, kids, one, parseHtml, tag, text, type DomElement } from './dom';

/**
 * One legend of the evidence levels, in the README's words: the catalog section defines the catalog's
 * levels, the report section the two only the report shows. A change of either side fails here.
 */

/** `**level** (meaning)` pairs of a README paragraph, the meaning up to its balancing parenthesis. */
function definitions(paragraph: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\*\*([a-z]+)\*\* \(/g;
  for (let m = re.exec(paragraph); m; m = re.exec(paragraph)) {
    let depth = 1;
    let i = re.lastIndex;
    for (; i < paragraph.length && depth > 0; i++) depth += paragraph[i] === '(' ? 1 : paragraph[i] === ')' ? -1 : 0;
    out.set(m[1], paragraph.slice(re.lastIndex, i - 1));
  }
  return out;
}

function readmeLevels(): Map<string, string> {
  const paragraphs = readFileSync(join(ROOT, 'README.md'), 'utf8')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\n\s*/g, ' '));
  const catalog = paragraphs.find((p) => p.startsWith('The levels, strongest first:'));
  const report = paragraphs.find((p) => p.includes('One legend, at the foot of the page, gives each level'));
  if (!catalog || !report) throw new Error('README: the evidence levels paragraphs are gone');
  return new Map([...definitions(catalog), ...definitions(report.slice(report.indexOf('One legend')))]);
}

const unquote = (s: string): string => s.replace(/`/g, '');

describe('the evidence legend', () => {
  const readme = readmeLevels();

  test('defines every level the report knows, strongest first, in exactly the README words', () => {
    expect([...readme.keys()].sort()).toEqual([...knownEvidenceLevels()].sort());
    for (const level of knownEvidenceLevels()) expect(evidenceMeaning(level)).toBe(readme.get(level));
  });

  test('the page holds one legend, with those words', () => {
    const doc = parseHtml(renderHtml(reportOf(EXAMPLE)));
    const legend = one(doc, (e) => e.attrs.id === 'evidence-legend', 'evidence legend');
    const items = kids(legend, 'li');
    expect(items.map((li) => li.attrs['data-level'])).toEqual([...knownEvidenceLevels()]);
    for (const li of items) expect(text(li)).toBe(`${li.attrs['data-level']} ${unquote(readme.get(li.attrs['data-level'])!)}`);
    // No second legend: the words of a level appear once in the page's text.
    const body = text(one(doc, tag('body')));
    for (const [, meaning] of readme) expect(body.split(unquote(meaning)).length - 1).toBe(1);
    // A badge's tooltip says which level it is and what it means, in the same words.
    const row = all(doc, (e) => hasClass('scope-row')(e) && e.attrs['data-scope'] === 'okta.logs.read')[0];
    const badge = one(row, (e) => hasClass('ev')(e) && e.attrs.title !== undefined);
    expect(badge.attrs.title).toBe(`weakest card: stated (${unquote(readme.get('stated')!)})`);
  });

  test('the markdown twin has the same legend', () => {
    const md = new MarkdownIt({ html: true });
    const doc = parseHtml(`<!DOCTYPE html><html><body>${md.render(renderMarkdown(reportOf(EXAMPLE)))}</body></html>`);
    const lists = all(doc, tag('ul')).filter((u: DomElement) => kids(u, 'li').some((li) => text(li).startsWith('stated: ')));
    expect(lists).toHaveLength(1);
    expect(kids(lists[0], 'li').map(text)).toEqual(knownEvidenceLevels().map((l) => `${l}: ${unquote(readme.get(l)!)}`));
  });
});
