/**
 * Where each value of a JSON text starts, by path (`orgs[0].missing[2].scope`), and the first key
 * that an object repeats. JSON.parse keeps the last of two equal keys without a word, so a hand-edited
 * `"inSync": false, …, "inSync": true` would be read as true: readers that must not be fooled refuse
 * the file at the second key instead.
 *
 * Run it only on text JSON.parse accepted (and after the nesting check of src/util/nesting.ts): it
 * assumes valid JSON. One linear pass, no recursion.
 */

export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonLocations {
  /** The first repeated key: its path, where it is repeated and where it first appeared. */
  duplicate?: { path: string; at: JsonPosition; first: JsonPosition };
  /** Where the value at `path` starts; undefined for a path the text does not have. */
  at(path: string): JsonPosition | undefined;
}

/** `orgs[0].inSync`; a key that is not an identifier is quoted: `orgs[0]["odd key"]`. */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

interface Frame {
  kind: 'object' | 'array';
  /** How its parent names it (a key or an index); undefined at the top. */
  seg?: string | number;
  /** Its path, when the scan records every value's place. */
  path: string;
  /** object: the keys seen, with the offset each was first written at. */
  keys: Map<string, number>;
  /** array: the next index. */
  index: number;
  /** object: the key whose value comes next. */
  key?: string;
}

/** Line and column of an offset (only for a place an error names). */
function positionOf(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const f of stack) if (f.seg !== undefined) path = jsonPath(path, f.seg);
  return path;
}

/** Where a string starting at `i` (its opening quote) ends, just past its closing quote. */
function stringEnd(text: string, i: number): number {
  for (i++; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i + 1;
}

/** A key's text: decoded only when it holds an escape. */
function keyOf(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** JSON whitespace, `,` and `:` between tokens. */
function isFiller(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x2c || c === 0x3a;
}

/**
 * One linear pass over the text: the first repeated key (offsets of both), and, with `record`, the
 * offset where each value starts, by path. Without it no path is built, so a valid file of tens of MB
 * costs a walk and one key map per object.
 */
function scan(text: string, record?: Map<string, number>): { path: string; at: number; first: number } | undefined {
  const stack: Frame[] = [];
  let duplicate: { path: string; at: number; first: number } | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isFiller(c)) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
      continue;
    }
    if (top?.kind === 'object' && top.key === undefined && c === 0x22) {
      const end = stringEnd(text, i);
      const key = keyOf(text, i, end);
      const first = top.keys.get(key);
      if (first !== undefined && !duplicate) duplicate = { path: jsonPath(record ? top.path : pathOf(stack), key), at: i, first };
      if (first === undefined) top.keys.set(key, i);
      top.key = key;
      i = end;
      continue;
    }
    // A value starts here.
    const seg = top === undefined ? undefined : top.kind === 'array' ? top.index++ : (top.key ?? '');
    if (top?.kind === 'object') top.key = undefined;
    const path = record ? (seg === undefined ? '' : jsonPath(top?.path ?? '', seg)) : '';
    if (record && !record.has(path)) record.set(path, i);
    if (c === 0x7b || c === 0x5b) {
      stack.push({ kind: c === 0x7b ? 'object' : 'array', ...(seg !== undefined ? { seg } : {}), path, keys: new Map(), index: 0 });
      i++;
    } else if (c === 0x22) {
      i = stringEnd(text, i);
    } else {
      // true, false, null or a number: up to the next delimiter.
      while (i < n && !isFiller(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x5d && text.charCodeAt(i) !== 0x7d) i++;
    }
  }
  return duplicate;
}

export function locateJson(text: string): JsonLocations {
  const d = scan(text);
  // Every value's place is only needed to locate an error: found by a second pass, on first use.
  let positions: Map<string, number> | undefined;
  const at = (path: string): JsonPosition | undefined => {
    if (!positions) scan(text, (positions = new Map()));
    const offset = positions.get(path);
    return offset === undefined ? undefined : positionOf(text, offset);
  };
  return { ...(d ? { duplicate: { path: d.path, at: positionOf(text, d.at), first: positionOf(text, d.first) } } : {}), at };
}
