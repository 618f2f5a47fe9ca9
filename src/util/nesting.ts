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

const TAB = 9;
const NL = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const LT = 60;
const QMARK = 63;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
/** `prev` at the start of a line (no significant character yet). */
const NONE = -1;
/** Characters this scan acts on (besides spaces): anything else only becomes `prev`. */
const ACTS = new Uint8Array(128);
for (const c of [HASH, DQUOTE, SQUOTE, DASH, QMARK, LBRACKET, LBRACE, RBRACKET, RBRACE, LT]) ACTS[c] = 1;
/** The same characters, found by a native search (global: `lastIndex` says where the last one was). */
const ACTED = /[#"'\-?[\]{}<]/g;
const WHITESPACE = /\s/;

/** Characters the scan skips outside a quoted scalar. */
function isBlankCode(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/** After `prev`, a token (a quoted scalar, a flow collection, a merge key) may begin. */
function tokenStart(prev: number): boolean {
  return prev === NONE || prev === COLON || prev === DASH || prev === COMMA || prev === QMARK || prev === LBRACKET || prev === LBRACE;
}

/** `/\s/` of the character at `i` (a space past the end), as a compact indicator must be followed. */
function spaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === SPACE || c === NL || i >= text.length || WHITESPACE.test(text[i]);
}

/**
 * An upper estimate of YAML nesting: block indentation levels (a stack of indents, as Python's
 * tokenizer keeps), plus compact `- ` / `? ` indicators at the start of a line, plus flow `[`/`{`
 * depth. Quoted scalars and comments are skipped; a `[`/`{` counts only where a flow collection can
 * begin (after `:`, `-`, `,`, `?`, another bracket, or at the start of a line), so text such as
 * `path: /users/{id}` does not. Also counts merge keys. It reads character codes, and passes over a
 * character it does not act on at once (a large declaration is megabytes of card names).
 */
export function yamlTooComplex(text: string, limits: YamlLimits): YamlTooComplex | undefined {
  const indents: number[] = [];
  let flow = 0;
  let merges = 0;
  let quote = 0; // the open quoted scalar's quote, which may span lines; 0 when none
  let lineStart = 0;
  const n = text.length;
  let nextAct = -1; // where the next character acted on is, when searched for at or before this point
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = n;
    let i = lineStart;
    while (i < lineEnd && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    const first = text.charCodeAt(i);
    const blank = i >= lineEnd || first === HASH || first === CR;
    if (!blank && flow === 0 && quote === 0) {
      const indent = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
    }
    let compact = 0;
    let over = indents.length + flow > limits.maxDepth; // depth changes only where this scan acts
    let prev = NONE; // last significant character on this line
    for (; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (quote !== 0) {
        if (quote === DQUOTE && ch === BACKSLASH) i++;
        else if (ch === quote) {
          if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
          else {
            quote = 0;
            prev = 0x78; // any character that is not an indicator
          }
        }
        continue;
      }
      if (isBlankCode(ch)) continue;
      if (ch >= 128 || ACTS[ch] === 0) {
        if (over) return { ...position(text, i), depth: indents.length + compact + flow, what: 'depth' };
        // Up to the next character acted on (or the line's end) the others only set `prev`: jump there.
        if (nextAct < i) {
          ACTED.lastIndex = i;
          nextAct = ACTED.test(text) ? ACTED.lastIndex - 1 : n;
        }
        const stop = nextAct < lineEnd ? nextAct : lineEnd;
        let last = stop - 1;
        while (last > i && isBlankCode(text.charCodeAt(last))) last--;
        prev = text.charCodeAt(last);
        i = stop - 1;
        continue;
      }
      const start = tokenStart(prev);
      if (ch === HASH && (i === lineStart || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) break;
      if ((ch === DQUOTE || ch === SQUOTE) && start) {
        quote = ch;
        continue;
      }
      if ((ch === DASH || ch === QMARK) && (prev === NONE || prev === DASH || prev === QMARK) && spaceAt(text, i + 1)) {
        compact++;
      } else if ((ch === LBRACKET || ch === LBRACE) && (start || flow > 0)) {
        flow++;
      } else if ((ch === RBRACKET || ch === RBRACE) && flow > 0) {
        flow--;
      } else if (ch === LT && text.charCodeAt(i + 1) === LT && start && /^\s*:/.test(text.slice(i + 2, i + 8))) {
        if (++merges > limits.maxMergeKeys) return { ...position(text, i), depth: merges, what: 'merge-keys' };
      }
      const depth = indents.length + compact + flow;
      over = depth > limits.maxDepth;
      if (over) return { ...position(text, i), depth, what: 'depth' };
      prev = ch;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** What yamlPlainNesting looks for: a quote, bracket, brace or `<`, or two `-`/`?` with only blanks between. */
const MAY_NEST = /["'[\]{}<]|[-?][ \t\r]*[-?]/;

/**
 * True when yamlTooComplex's estimate of `text` is at most its indent stack plus one: with no quote,
 * bracket, brace or `<` in it, the scan meets no quoted scalar, flow collection or merge key, and with
 * no two `-`/`?` separated by blanks only, at most one compact indicator per line (its first
 * character). A parser that keeps the same indent stack (yaml-simple's) can then stand in for the scan.
 */
export function yamlPlainNesting(text: string): boolean {
  return !MAY_NEST.test(text);
}
