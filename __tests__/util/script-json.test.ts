import { scriptJson } from '../../src/util/escape';
import { all, hasClass, parseHtml, tag, text } from '../access-report/dom';

/** A value whose strings would end or change a script element if written as they are. */
const HOSTILE = { a: '</script><p class=pwned>x</p>', b: '<!--<script>', c: '</SCRIPT >', d: 'a & b > c', e: 'line\u2028sep\u2029', f: '-->', g: 'Invoice \u202efdp.exe\u0085' };

describe('scriptJson: JSON inside <script type="application/json">', () => {
  test('holds no markup character, and parses back to the same value', () => {
    const json = scriptJson(JSON.stringify(HOSTILE));
    expect(json).not.toMatch(/[<>&\u2028\u2029\u202e\u0085]/);
    expect(json).toContain('Invoice \\u202efdp.exe\\u0085');
    expect(JSON.parse(json)).toEqual(HOSTILE);
  });

  test('a browser parse (parse5) keeps the whole value in the element and adds no element', () => {
    const json = scriptJson(JSON.stringify(HOSTILE));
    const doc = parseHtml(`<!DOCTYPE html><html><head><script type="application/json" id="r">${json}</script></head><body><p class="after">after</p></body></html>`);
    const scripts = all(doc, tag('script'));
    expect(scripts).toHaveLength(1);
    expect(JSON.parse(text(scripts[0]))).toEqual(HOSTILE);
    expect(all(doc, hasClass('pwned'))).toHaveLength(0);
    expect(all(doc, hasClass('after'))).toHaveLength(1);
  });

  test('unescaped, the same value would break out (the test can fail)', () => {
    const doc = parseHtml(`<!DOCTYPE html><html><head><script type="application/json">${JSON.stringify(HOSTILE)}</script></head><body></body></html>`);
    expect(all(doc, hasClass('pwned'))).toHaveLength(1);
  });
});
