// Matching a request (method and path or URL) to its row of the endpoint table.
import { CatalogDataError } from './files';
import type { EndpointMatch, EndpointRow } from './types';

// Endpoint matching: one trie per method; a literal child is tried before the parameter child, so the
// first complete match found is the template with a literal at the first position where they differ.

interface Template {
  row: EndpointRow;
  /** Parameter name at each segment position, undefined where the segment is literal. */
  params: (string | undefined)[];
}

export interface TrieNode {
  literal: Map<string, TrieNode>;
  param?: TrieNode;
  template?: Template;
}

/** `{name}` as a whole segment. Char codes, not a regex: this runs for every segment of every lookup. */
function isPlaceholder(seg: string): boolean {
  return seg.length >= 2 && seg.charCodeAt(0) === 123 && seg.charCodeAt(seg.length - 1) === 125;
}

function newNode(): TrieNode {
  return { literal: new Map() };
}

export function buildTries(rows: readonly EndpointRow[], label: string): Map<string, TrieNode> {
  const tries = new Map<string, TrieNode>();
  for (const row of rows) {
    let root = tries.get(row.method);
    if (!root) tries.set(row.method, (root = newNode()));
    let node = root;
    const params: (string | undefined)[] = [];
    for (const seg of tableSegments(row.path)) {
      if (isPlaceholder(seg)) {
        params.push(seg.slice(1, -1));
        node = node.param ??= newNode();
      } else {
        params.push(undefined);
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = newNode()));
        node = next;
      }
    }
    if (node.template) {
      throw new CatalogDataError(label, `${row.method} ${row.path} has the same shape as ${node.template.row.path}`);
    }
    node.template = { row, params };
  }
  return tries;
}

/** `/api/v1/users/{id}`: a path from its `/`, without spaces, controls, `?` or `#`. */
const PLAIN_PATH = /^\/[^\u0000-\u0020?#]*$/;

/**
 * pathSegments of a row of the table, where every path is plain: split natively. A load builds the
 * tries from all 1,044 rows, before any function is optimized, and pathSegments' loops over each
 * character then cost most of the catalog's start.
 */
function tableSegments(path: string): string[] {
  if (!PLAIN_PATH.test(path)) return pathSegments(path);
  const segs = path.split('/');
  let n = 0;
  for (const seg of segs) if (seg !== '') segs[n++] = seg;
  segs.length = n;
  return segs;
}

/**
 * Path segments of a request path or URL: query and fragment cut, `scheme://host` dropped, and empty
 * segments skipped (trailing `/`, or `//api/v1/...` from an org URL that ended in `/`).
 */
export function pathSegments(pathOrUrl: string): string[] {
  // One pass over char codes: this runs on every lookup and dominated the cost when done with slices.
  const s = pathOrUrl;
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const sep = s.indexOf('://', start);
  if (sep > start && sep < end && isScheme(s, start, sep)) {
    const slash = s.indexOf('/', sep + 3);
    start = slash < 0 || slash > end ? end : slash;
  }
  const segs: string[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || s.charCodeAt(i) === 47 /* / */) {
      if (i > from) segs.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return segs;
}

/** RFC 3986 scheme: a letter, then letters, digits, `+`, `-` or `.`. */
function isScheme(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) | 32; // lower-case letters; other chars checked below
    const letter = c >= 97 && c <= 122;
    const raw = s.charCodeAt(i);
    if (!(letter || (i > from && ((raw >= 48 && raw <= 57) || raw === 43 || raw === 45 || raw === 46)))) return false;
  }
  return true;
}

/**
 * A lower-case word (`me`, `current`, `default`) where an id belongs. Okta ids carry digits or capitals
 * and placeholders are braced, so such a segment is likely a path of its own that the spec lacks.
 */
function isPlainWord(seg: string): boolean {
  return /^[a-z]+(?:[-_][a-z]+)*$/.test(seg) && seg.length <= 24;
}

function walk(node: TrieNode, segs: readonly string[], i: number): Template | undefined {
  if (i === segs.length) return node.template;
  const seg = segs[i];
  // A `{name}` the user wrote stands for any id, so it may only match a template parameter.
  if (!isPlaceholder(seg)) {
    const lit = node.literal.get(seg);
    if (lit) {
      const hit = walk(lit, segs, i + 1);
      if (hit) return hit;
    }
  }
  return node.param ? walk(node.param, segs, i + 1) : undefined;
}

/** The endpoint row a request calls, with its parameter values; ids that read like words are flagged uncertain. */
export function matchEndpoint(tries: ReadonlyMap<string, TrieNode>, method: string, path: string): EndpointMatch | undefined {
  const root = tries.get(method.trim().toUpperCase());
  if (!root) return undefined;
  const segs = pathSegments(path);
  const t = walk(root, segs, 0);
  if (!t) return undefined;
  const params: Record<string, string> = {};
  const uncertain: EndpointMatch['uncertain'] = [];
  for (let i = 0; i < t.params.length; i++) {
    const name = t.params[i];
    if (name === undefined) continue;
    const value = segs[i];
    params[name] = value;
    if (isPlainWord(value)) uncertain.push({ param: name, value });
  }
  return { row: t.row, params, uncertain };
}
