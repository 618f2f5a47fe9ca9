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
  path: string;
  /** object: the keys seen, with where each was first written. */
  keys: Map<string, JsonPosition>;
  /** array: the next index. */
  index: number;
  /** object: the key whose value comes next. */
  key?: string;
}

export function locateJson(text: string): JsonLocations {
  const positions = new Map<string, JsonPosition>();
  let duplicate: JsonLocations['duplicate'];
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  const pos = (i: number): JsonPosition => ({ line, column: i - lineStart + 1 });

  /** The path of the value starting now, and advances the enclosing array's index. */
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'array') return jsonPath(top.path, top.index++);
    return jsonPath(top.path, top.key ?? '');
  };

  let i = 0;
  const n = text.length;
  /** Moves past a string starting at `i` (the opening quote); returns its decoded value. */
  const readString = (): string => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) i += 2;
      else if (c === 0x22) break;
      else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x2c) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 0x3a) {
      i++;
      continue;
    }
    if (top?.kind === 'object' && top.key === undefined && c === 0x22) {
      const at = pos(i);
      const key = readString();
      const first = top.keys.get(key);
      if (first && !duplicate) duplicate = { path: jsonPath(top.path, key), at, first };
      if (!first) top.keys.set(key, at);
      top.key = key;
      continue;
    }
    // A value starts here.
    const path = valuePath();
    if (top?.kind === 'object') top.key = undefined;
    if (!positions.has(path)) positions.set(path, pos(i));
    if (c === 0x7b || c === 0x5b) {
      stack.push({ kind: c === 0x7b ? 'object' : 'array', path, keys: new Map(), index: 0 });
      i++;
    } else if (c === 0x22) {
      readString();
    } else {
      // true, false, null or a number: up to the next delimiter.
      while (i < n && !/[\s,\]}]/.test(text.charAt(i))) i++;
    }
  }
  return { ...(duplicate ? { duplicate } : {}), at: (path) => positions.get(path) };
}
