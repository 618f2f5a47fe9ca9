/**
 * Nesting-depth checks that run on the text before any parser: a parser meeting 5 MB of `[` spends
 * seconds and gigabytes before it overflows its stack. These scans are linear and allocate nothing
 * per character, so a bomb is refused in milliseconds at the line and column where it crosses the cap.
 */

export interface TooDeep {
  /** 0-based character offset. */
  offset: number;
  line: number;
  column: number;
  depth: number;
}

/** Line and column (1-based) of offset `i`. */
function position(text: string, i: number): { offset: number; line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < i; j = text.indexOf('\n', j + 1)) {
    line++;
    start = j + 1;
  }
  return { offset: i, line, column: i - start + 1 };
}

/** The first place JSON text nests `[`/`{` deeper than `max`, ignoring brackets inside strings. */
export function jsonTooDeep(text: string, max: number): TooDeep | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: jump to its closing quote, the first one after an even run of backslashes.
      const end = stringEnd(text, i);
      if (end === -1) return undefined; // unterminated: the rest is inside it
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return { ...position(text, i), depth };
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** The offset of the quote closing the string that opens at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  for (let q = text.indexOf('"', open + 1); q !== -1; q = text.indexOf('"', q + 1)) {
    let b = q - 1;
    while (b > open && text.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q;
  }
  return -1;
}

export interface YamlLimits {
  maxDepth: number;
  /** Merge keys (`<<`): each copies a mapping's keys, so many of them cost quadratic time. */
  maxMergeKeys: number;
}

export interface YamlTooComplex extends TooDeep {
  what: 'depth' | 'merge-keys';
}

/**
 * An upper estimate of YAML nesting: block indentation levels (a stack of indents, as Python's
 * tokenizer keeps), plus compact `- ` / `? ` indicators at the start of a line, plus flow `[`/`{`
 * depth. Quoted scalars and comments are skipped; a `[`/`{` counts only where a flow collection can
 * begin (after `:`, `-`, `,`, `?`, another bracket, or at the start of a line), so text such as
 * `path: /users/{id}` does not. Also counts merge keys.
 */
export function yamlTooComplex(text: string, limits: YamlLimits): YamlTooComplex | undefined {
  const indents: number[] = [];
  let flow = 0;
  let merges = 0;
  let quote = ''; // open quoted scalar, which may span lines
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (!blank && flow === 0 && !quote) {
      const indent = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
    }
    let compact = 0;
    let prev = ''; // last significant character on this line, '' at its start
    for (; i < lineEnd; i++) {
      const ch = text[i];
      if (quote) {
        if (quote === '"' && ch === '\\') i++;
        else if (ch === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else {
            quote = '';
            prev = 'x';
          }
        }
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') continue;
      const tokenStart = prev === '' || prev === ':' || prev === '-' || prev === ',' || prev === '?' || prev === '[' || prev === '{';
      if (ch === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((ch === '"' || ch === "'") && tokenStart) {
        quote = ch;
        continue;
      }
      if ((ch === '-' || ch === '?') && (prev === '' || prev === '-' || prev === '?') && /[\s]/.test(text[i + 1] ?? ' ')) {
        compact++;
      } else if ((ch === '[' || ch === '{') && (tokenStart || flow > 0)) {
        flow++;
      } else if ((ch === ']' || ch === '}') && flow > 0) {
        flow--;
      } else if (ch === '<' && text[i + 1] === '<' && tokenStart && /^\s*:/.test(text.slice(i + 2, i + 8))) {
        if (++merges > limits.maxMergeKeys) return { ...position(text, i), depth: merges, what: 'merge-keys' };
      }
      const depth = indents.length + compact + flow;
      if (depth > limits.maxDepth) return { ...position(text, i), depth, what: 'depth' };
      prev = ch;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
