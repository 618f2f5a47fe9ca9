import type { Locator } from './yaml-locator';
import { SpotLocator, type Spots } from './yaml-spot-locator';
import { INDICATORS, NULL_VALUE, implicitTypes, plainStart, plainValue, trimSpaces } from './yaml-scalars';

/**
 * A parser for the plain block YAML that nearly every scopes.yaml is written in, several times faster
 * than js-yaml on a large declaration and keeping only the offset where each node starts. It reads
 * block mappings and sequences, one-line plain and quoted scalars and one-line flow sequences of
 * scalars; on anything else (anchors, tags, block scalars, flow mappings, escapes, nulls, multi-line
 * scalars, tabs, CR line ends, duplicate keys…) it gives up and returns undefined, and the caller parses
 * with js-yaml as before. What it accepts, it reads exactly as js-yaml does: plain scalars resolve
 * through js-yaml's own core-schema types, and a node starts where js-yaml's first token of it does.
 */


/** Thrown to give up: the text is not in the subset (or not valid YAML). */
class Unsupported extends Error {}
const GIVE_UP = new Unsupported();

const SPACE = 32;
const NL = 10;
const HASH = 35;
const DASH = 45;
const COLON = 58;
/** First characters of a plain scalar that one of the implicit types may resolve (`~`, `null`, `true`, `1`, `.5`, …). */
const MAY_RESOLVE = new Set('~nNtTfF+-.0123456789_'.split('').map((c) => c.charCodeAt(0)));
/** Text js-yaml refuses or reads specially (control characters, lone surrogates, BOM, tab, CR, NEL…). */
const UNSUPPORTED_CHARS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

class SimpleParser {
  /** Start of the current line. */
  private i = 0;
  /** The spots of the container just parsed; undefined after a scalar. */
  made: Spots | undefined;
  /** Where the node just parsed by block, entryValue or inline starts (kept here, not in a result object per node). */
  private start = 0;
  /**
   * Each distinct plain scalar's one copy: a large declaration names the same few dozen cards tens of
   * thousands of times, and one string each (not one per line) is what the parse keeps.
   */
  private readonly scalars = new Map<string, string>();
  /**
   * Scratch stacks that the containers being read push their items, keys, offsets and child spots
   * onto. A container's part sits on top while it is read (its children's parts come and go above
   * it) and is copied out, exactly as long as it is, when it ends: no array grown per container.
   */
  private readonly itemStack: unknown[] = [];
  private readonly keyStack: string[] = [];
  private readonly atStack: number[] = [];
  private readonly kidStack: (Spots | undefined)[] = [];

  /** The spots of the container whose part of the stacks starts at these bases; the stacks drop it. */
  private spotsFrom(atBase: number, kidBase: number, keyBase: number | undefined, anyKid: boolean): Spots {
    const spots: Spots = { at: this.atStack.slice(atBase) };
    if (keyBase !== undefined) {
      spots.keys = this.keyStack.slice(keyBase);
      this.keyStack.length = keyBase;
    }
    if (anyKid) spots.kids = this.kidStack.slice(kidBase);
    this.atStack.length = atBase;
    this.kidStack.length = kidBase;
    return spots;
  }
  /**
   * The indents of the content lines that enclose the current one, as nesting.ts's yamlTooComplex keeps
   * them (popped to the current indent, which is pushed if deeper), and the most it held: the parser
   * gives up past `maxLevels`, before its recursion could go deep.
   */
  private readonly indents: number[] = [];
  levels = 0;
  private counted = -1;

  constructor(
    private readonly t: string,
    private readonly maxLevels: number,
  ) {}

  /** Counts the content line starting at `this.i` with `indent` into the indent stack, once. */
  private count(indent: number): void {
    if (this.counted === this.i) return;
    this.counted = this.i;
    const indents = this.indents;
    while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
    if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
    if (indents.length > this.levels) {
      this.levels = indents.length;
      if (this.levels > this.maxLevels) throw GIVE_UP;
    }
  }

  /** Moves to the next line with content (blank and comment lines skipped); its indent, or -1 at the end. */
  next(): number {
    const t = this.t;
    while (this.i < t.length) {
      let j = this.i;
      while (t.charCodeAt(j) === SPACE) j++;
      if (j >= t.length) break;
      const c = t.charCodeAt(j);
      if (c === NL) this.i = j + 1;
      else if (c === HASH) this.i = this.lineEnd(j) + 1;
      else {
        // `---`, `...` and `%` directives: several documents or a header, left to js-yaml.
        if (j === this.i && (t.startsWith('---', j) || t.startsWith('...', j) || c === 37)) throw GIVE_UP;
        this.count(j - this.i);
        return j - this.i;
      }
    }
    this.i = t.length;
    return -1;
  }

  private lineEnd(from: number): number {
    const e = this.t.indexOf('\n', from);
    return e === -1 ? this.t.length : e;
  }

  /** The document: one block mapping. */
  document(): unknown {
    const indent = this.next();
    if (indent < 0) throw GIVE_UP;
    const root = this.mapping(indent, this.i + indent);
    if (this.next() !== -1) throw GIVE_UP;
    return root;
  }

  /** A block node whose first line (the current one) is indented by `indent`; its start in `this.start`. */
  private block(indent: number): unknown {
    const start = this.i + indent;
    const value = this.t.charCodeAt(start) === DASH && this.isBlank(start + 1) ? this.sequence(indent) : this.mapping(indent, start);
    this.start = start;
    return value;
  }

  /** True at a space or the end of the line (what must follow `-` or `:` as an indicator). */
  private isBlank(at: number): boolean {
    const c = this.t.charCodeAt(at);
    return c === SPACE || c === NL || at >= this.t.length;
  }

  /** A block mapping whose keys sit at column `indent`; the first key starts at `first` (maybe mid-line, after `- `). */
  private mapping(indent: number, first: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const atBase = this.atStack.length;
    const kidBase = this.kidStack.length;
    const keyBase = this.keyStack.length;
    let anyKid = false;
    for (let s = first; ; ) {
      const colon = this.keyEnd(s);
      if (colon < 0) throw GIVE_UP;
      const key = this.key(s, colon);
      if (Object.prototype.hasOwnProperty.call(obj, key)) throw GIVE_UP;
      const value = this.entryValue(colon + 1, indent);
      if (this.made) anyKid = true;
      this.kidStack.push(this.made);
      obj[key] = value;
      this.keyStack.push(key);
      this.atStack.push(s, this.start);
      const next = this.next();
      if (next < indent) {
        this.made = this.spotsFrom(atBase, kidBase, keyBase, anyKid);
        return obj;
      }
      if (next > indent) throw GIVE_UP;
      s = this.i + indent;
    }
  }

  /**
   * The offset of the `:` that ends a plain key starting at `s`, or -1 if the line is not `key: …`:
   * the first `:` followed by a blank, unless a ` #` comment starts before it. Read in place (no
   * copy of the line: this runs for every item of a large declaration).
   */
  private keyEnd(s: number): number {
    const t = this.t;
    if (INDICATORS.has(t.charCodeAt(s))) return -1;
    const e = this.lineEnd(s);
    let comment = false;
    for (let k = s; k < e; k++) {
      const c = t.charCodeAt(k);
      if (c === COLON && this.isBlank(k + 1)) return comment ? -1 : k;
      if (c === HASH && k > s && t.charCodeAt(k - 1) === SPACE) comment = true;
    }
    return -1;
  }

  private key(s: number, colon: number): string {
    const raw = trimSpaces(this.t.slice(s, colon));
    const value = this.resolve(raw);
    if (typeof value !== 'string' || value === '__proto__' || value === '<<') throw GIVE_UP;
    return value;
  }

  /** The value after `key:` (from `from`, past the colon): on the same line, or a block on the lines below; its start in `this.start`. */
  private entryValue(from: number, indent: number): unknown {
    const t = this.t;
    let p = from;
    while (t.charCodeAt(p) === SPACE) p++;
    if (!this.isBlank(p) && t.charCodeAt(p) !== HASH) return this.inline(p);
    this.i = this.lineEnd(p) + 1;
    const next = this.next();
    if (next > indent) return this.block(next);
    // A sequence may sit at its key's own indent (`key:` then `- item` below it).
    if (next === indent && t.charCodeAt(this.i + indent) === DASH && this.isBlank(this.i + indent + 1)) {
      const start = this.i + indent;
      const value = this.sequence(indent);
      this.start = start;
      return value;
    }
    throw GIVE_UP; // an empty value (null): where js-yaml places it is left to js-yaml
  }

  /** A block sequence whose `-` sit at column `indent` (the current line is its first item). */
  private sequence(indent: number): unknown[] {
    const t = this.t;
    const items = this.itemStack;
    const itemBase = items.length;
    const atBase = this.atStack.length;
    const kidBase = this.kidStack.length;
    let anyKid = false;
    for (;;) {
      const dash = this.i + indent;
      let p = dash + 1;
      while (t.charCodeAt(p) === SPACE) p++;
      if (this.isBlank(p) || t.charCodeAt(p) === HASH) {
        this.i = this.lineEnd(p) + 1;
        const inner = this.next();
        if (inner <= indent) throw GIVE_UP; // an empty item (null)
        items.push(this.block(inner));
        this.atStack.push(this.start);
      } else {
        // `- key: value`: a mapping whose keys line up under this first one.
        items.push(this.keyEnd(p) >= 0 ? this.mapping(p - this.i, p) : this.inline(p));
        this.atStack.push(p);
      }
      if (this.made) anyKid = true;
      this.kidStack.push(this.made);
      const next = this.next();
      if (next > indent) throw GIVE_UP;
      // Less indented, or a key of the mapping around it at the same indent: the sequence ends.
      if (next < indent || t.charCodeAt(this.i + indent) !== DASH || !this.isBlank(this.i + indent + 1)) {
        const arr = items.slice(itemBase);
        items.length = itemBase;
        this.made = this.spotsFrom(atBase, kidBase, undefined, anyKid);
        return arr;
      }
    }
  }

  /** A scalar or flow sequence that ends its line (starting at `p`, kept in `this.start`); the current line moves past it. */
  private inline(p: number): unknown {
    const t = this.t;
    const e = this.lineEnd(p);
    const c = t.charCodeAt(p);
    this.made = undefined;
    let value: unknown;
    let rest: number;
    if (c === 0x5b) {
      const close = t.indexOf(']', p);
      if (close === -1 || close >= e) throw GIVE_UP;
      value = this.flowSequence(p, close);
      rest = close + 1;
    } else if (c === 0x22 || c === 0x27) {
      const q = this.quoted(p, e);
      value = q.value;
      rest = q.end;
    } else {
      if (!plainStart(t, p)) throw GIVE_UP;
      // The scalar ends at a ` #` comment or the line's end, less its trailing spaces; read in place.
      let end = e;
      for (let k = p; k < e; k++) {
        if (t.charCodeAt(k) === SPACE && t.charCodeAt(k + 1) === HASH) {
          end = k;
          break;
        }
      }
      let b = end;
      while (b > p && t.charCodeAt(b - 1) === SPACE) b--;
      // `a: b` or a trailing `:` would be a mapping: left to js-yaml.
      for (let k = p; k < b; k++) if (t.charCodeAt(k) === COLON && (k + 1 === b || t.charCodeAt(k + 1) === SPACE)) throw GIVE_UP;
      const raw = t.slice(p, b);
      const seen = this.scalars.get(raw);
      if (seen !== undefined) value = seen;
      else {
        value = this.resolve(raw);
        if (value === raw) this.scalars.set(raw, raw);
      }
      rest = end;
    }
    this.afterValue(rest, e);
    this.i = e + 1;
    this.start = p;
    return value;
  }

  /** After a value, the line may hold only blanks and a comment (` # …`). */
  private afterValue(from: number, e: number): void {
    const t = this.t;
    let k = from;
    while (k < e && t.charCodeAt(k) === SPACE) k++;
    if (k < e && !(t.charCodeAt(k) === HASH && k > from)) throw GIVE_UP;
  }

  /** `'…'` (`''` is a quote) or `"…"` without escapes, on one line. */
  private quoted(p: number, e: number): { value: string; end: number } {
    const t = this.t;
    const quote = t[p];
    let value = '';
    for (let k = p + 1; ; ) {
      const close = t.indexOf(quote, k);
      if (close === -1 || close >= e) throw GIVE_UP;
      const chunk = t.slice(k, close);
      if (quote === '"' && chunk.includes('\\')) throw GIVE_UP;
      value += chunk;
      if (quote === "'" && t.charCodeAt(close + 1) === 0x27) {
        value += "'";
        k = close + 2;
      } else return { value, end: close + 1 };
    }
  }

  /**
   * `[a, "b", c]` on one line: plain scalars, and quoted ones holding no quote, backslash or comma
   * (data/risk.yaml quotes its globs); no colons, brackets, braces or comments inside.
   */
  private flowSequence(open: number, close: number): unknown[] {
    const inner = this.t.slice(open + 1, close);
    if (/[[\]{}:#]/.test(inner)) throw GIVE_UP;
    const made: Spots = { at: [] };
    this.made = made;
    if (trimSpaces(inner) === '') return [];
    const parts = inner.split(',');
    const at = new Array<number>(parts.length);
    let from = open + 1;
    const items = parts.map((part, i) => {
      const raw = trimSpaces(part);
      const lead = raw === '' ? 0 : part.indexOf(raw);
      if (raw === '') throw GIVE_UP;
      at[i] = from + lead;
      from += part.length + 1;
      const q = raw.charCodeAt(0);
      if (q !== 0x22 && q !== 0x27) {
        if (raw.includes('"') || raw.includes("'")) throw GIVE_UP;
        return this.resolve(raw);
      }
      const body = raw.slice(1, -1);
      if (raw.length < 2 || raw.charCodeAt(raw.length - 1) !== q || /["'\\]/.test(body)) throw GIVE_UP;
      return body;
    });
    made.at = at;
    return items;
  }

  /** A plain scalar through js-yaml's implicit types; null is left to js-yaml (see entryValue). */
  private resolve(raw: string): unknown {
    if (raw === '' || !plainStart(raw, 0)) throw GIVE_UP;
    if (!MAY_RESOLVE.has(raw.charCodeAt(0))) return raw;
    const known = plainValue(raw);
    if (known === NULL_VALUE) throw GIVE_UP;
    if (known !== undefined) return known;
    for (const type of implicitTypes()) {
      if (type.resolve(raw)) {
        const value = type.construct(raw);
        if (value === null) throw GIVE_UP;
        return value;
      }
    }
    return raw;
  }
}

/**
 * Parses `text` if it is in the plain subset (see above), with a locator that answers as js-yaml's
 * would; undefined otherwise, and the caller parses it the usual way. `levels` is the most indent
 * levels that enclosed a line (as yamlTooComplex counts them); past `maxLevels` it gives up.
 */
export function simpleParse(text: string, file: string, maxLevels = Infinity): { data: unknown; locator: Locator; levels: number } | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  const parser = new SimpleParser(text, maxLevels);
  let data: unknown;
  try {
    data = parser.document();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  return { data, locator: new SpotLocator(file, text, parser.made as Spots), levels: parser.levels };
}
