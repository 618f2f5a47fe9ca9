import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/** Parses markdown as GitHub would (raw HTML allowed), so a test sees what a user's string became. */
export const markdownIt = new MarkdownIt({ html: true });

/** The only raw HTML wf-scopes writes itself into markdown. */
export const OWN_HTML = new Set(['<br>', '<details>', '<summary>', '</summary>', '</details>']);

/** Every token of `markdown`, inline children included, in document order. */
export function markdownTokens(markdown: string): Token[] {
  const all: Token[] = [];
  const walk = (list: Token[]): void => {
    for (const t of list) {
      all.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(markdownIt.parse(markdown, {}));
  return all;
}
