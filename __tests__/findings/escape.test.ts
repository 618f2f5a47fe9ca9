import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { githubData, githubProperty, htmlText, markdownCode, markdownText, oneLine, safeTextOutput } from '../../src/util/escape';

const md = new MarkdownIt({ html: true });

/** Inline tokens of one paragraph (children flattened). */
function inline(text: string): Token[] {
  return md.parseInline(text, {}).flatMap((t) => t.children ?? []);
}

// Controls that markdown-it itself rewrites; the helpers replace them before it sees them.
const anyText = fc.string({ unit: fc.constantFrom('`', '<', '>', '&', '*', '_', '[', ']', '(', ')', '!', '|', '\\', '#', '~', '$', ' ', 'a', 'b', 'img', ':', '@', '\n', '\r', '\u001b', '\u202e', 'é'), maxLength: 40 });

describe('markdownText', () => {
  test('any string renders as exactly its one-line text, never as markup', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const tokens = inline(markdownText(s));
        expect(tokens.every((t) => t.type === 'text')).toBe(true);
        // The only change: a zero-width joiner after an `@` that could start a mention.
        expect(tokens.map((t) => t.content).join('').replace(/@\u200d/g, '@')).toBe(oneLine(s));
      }),
      { numRuns: 500 },
    );
  });

  test('an <img> and a link stay text', () => {
    const tokens = inline(markdownText('a``<img src=x onerror=alert(1)>``[x](https://evil) &amp;'));
    expect(tokens.map((t) => t.type)).toEqual(['text']);
    expect(tokens[0].content).toBe('a``<img src=x onerror=alert(1)>``[x](https://evil) &amp;');
  });
});

describe('markdownCode', () => {
  test('any string is one code span holding exactly its one-line text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const body = oneLine(s);
        // An empty or all-space span is not a code span in CommonMark; callers quote names, never blanks.
        fc.pre(body.trim() !== '');
        const tokens = inline(markdownCode(s, { inTable: false }));
        expect(tokens.map((t) => t.type)).toEqual(['code_inline']);
        expect(tokens[0].content).toBe(body);
      }),
      { numRuns: 500 },
    );
  });

  test('the fence is longer than any backtick run inside', () => {
    expect(markdownCode('a``b')).toBe('```a``b```');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('okta.users.read')).toBe('`okta.users.read`');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
  });
});

describe('text output', () => {
  test('no line starts with a workflow command, whatever the names hold', () => {
    const out = safeTextOutput('ok\n::error::pwned\n   ::warning file=x::y\nname: ::notice::fine\nlegacy ##[error]x\n');
    expect(out.split('\n').filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
    expect(out).toContain('\\::error::pwned');
    expect(out).toContain('name: ::notice::fine');
    expect(out).not.toContain('##[');
  });

  test('terminal escapes and bidi overrides are shown as \\uXXXX, never acted on', () => {
    expect(safeTextOutput('a\u001b[31mred\u202e\r\n')).toBe('a\\u001b[31mred\\u202e\n');
    expect(safeTextOutput('cut\rover')).toBe('cut\\u000dover');
    expect(oneLine('two\nlines\tand\u0007bell')).toBe('two lines and\\u0007bell');
  });
});

describe('github workflow commands', () => {
  test('data and property escaping follow the runner rules', () => {
    expect(githubData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(githubProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    expect(githubData('x\u001b[0m')).toBe('x\\u001b[0m');
  });
});

describe('html', () => {
  test('the five markup characters become entities', () => {
    expect(htmlText(`<img src="x" onerror='a'>&`)).toBe('&lt;img src=&quot;x&quot; onerror=&#39;a&#39;&gt;&amp;');
  });
});

/** Every bidi control: embeddings and overrides, isolates, the marks and the Arabic letter mark. */
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const shown = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

describe('bidi controls (a name that reads `invoice\u202Efdp.exe` shows as `invoiceexe.pdf`)', () => {
  test.each(BIDI.map((c) => [shown(c), c]))('%s is shown as its code in every format, never passed through', (_label, c) => {
    const name = `evil${c}daer.sresu.atko`;
    for (const out of [oneLine(name), markdownText(name), markdownCode(name), markdownCode(name, { inTable: false }), htmlText(name), safeTextOutput(name), githubData(name), githubProperty(name)]) {
      expect(out).not.toMatch(BIDI_RE);
      expect(out).toContain(shown(c));
    }
  });

  test('parsed back by markdown-it, a code span and text hold the visible code, not the control', () => {
    const code = inline(markdownCode('okta.\u202eusers', { inTable: false }));
    expect(code.map((t) => t.type)).toEqual(['code_inline']);
    expect(code[0].content).toBe('okta.\\u202eusers');
    const txt = inline(markdownText('flow\u2067name\u2069'));
    expect(txt.map((t) => t.content).join('')).toBe('flow\\u2067name\\u2069');
  });
});

describe('@mentions', () => {
  const mentionable = /(?:^|[^A-Za-z0-9_])@[A-Za-z0-9]/;

  test('an @team in Markdown text renders without a mention GitHub would link (the rendered text has a joiner after @)', () => {
    for (const name of ['@org/security-team', 'ping @octocat now', 'x (@a) y', '@@b']) {
      const rendered = inline(markdownText(name)).map((t) => t.content).join('');
      expect(rendered).not.toMatch(mentionable);
      // Only the invisible joiner was added: what a reader sees is the name.
      expect(rendered.replace(/\u200d/g, '')).toBe(name);
    }
    expect(markdownText('ops@acme')).toBe('ops@\u200dacme');
    expect(markdownText('a @ b')).toBe('a @ b');
  });

  test('a mention inside a code span stays as written: GitHub never links code', () => {
    const t = inline(markdownCode('@org/security-team', { inTable: false }));
    expect(t.map((x) => x.type)).toEqual(['code_inline']);
    expect(t[0].content).toBe('@org/security-team');
  });
});
