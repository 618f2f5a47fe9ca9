import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { githubData, githubProperty, htmlText, markdownCode, markdownText, oneLine, safeTextOutput } from '../../src/findings/escape';

const md = new MarkdownIt({ html: true });

/** Inline tokens of one paragraph (children flattened). */
function inline(text: string): Token[] {
  return md.parseInline(text, {}).flatMap((t) => t.children ?? []);
}

// Controls that markdown-it itself rewrites; the helpers replace them before it sees them.
const anyText = fc.string({ unit: fc.constantFrom('`', '<', '>', '&', '*', '_', '[', ']', '(', ')', '!', '|', '\\', '#', '~', '$', ' ', 'a', 'b', 'img', ':', '\n', '\r', '\u001b', '\u202e', 'é'), maxLength: 40 });

describe('markdownText', () => {
  test('any string renders as exactly its one-line text, never as markup', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const tokens = inline(markdownText(s));
        expect(tokens.every((t) => t.type === 'text')).toBe(true);
        expect(tokens.map((t) => t.content).join('')).toBe(oneLine(s));
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

  test('terminal escapes and bidi overrides are replaced', () => {
    expect(safeTextOutput('a\u001b[31mred\u202e\r\n')).toBe('a\ufffd[31mred\ufffd\ufffd\n');
    expect(oneLine('two\nlines\tand\u0007bell')).toBe('two lines and\ufffdbell');
  });
});

describe('github workflow commands', () => {
  test('data and property escaping follow the runner rules', () => {
    expect(githubData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(githubProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    expect(githubData('x\u001b[0m')).toBe('x\ufffd[0m');
  });
});

describe('html', () => {
  test('the five markup characters become entities', () => {
    expect(htmlText(`<img src="x" onerror='a'>&`)).toBe('&lt;img src=&quot;x&quot; onerror=&#39;a&#39;&gt;&amp;');
  });
});
