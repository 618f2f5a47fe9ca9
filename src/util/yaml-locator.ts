import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { SourceLoc } from './diagnostics';

export type PathSeg = string | number;

/** Where each part of scopes.yaml was written: a path of map keys and sequence indexes → file:line:col. */
export interface Locator {
  readonly file: string;
  /** Location of the node at `path`, falling back to its nearest located ancestor. */
  loc(path: readonly PathSeg[]): SourceLoc;
  /** Location of the key `key` in the mapping at `path` (for "unknown key" errors). */
  keyLoc(path: readonly PathSeg[], key: string): SourceLoc;
}

/** js-yaml, loaded only when needed: the plain-YAML parser (yaml-simple.ts) reads most declarations. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml = (): typeof import('js-yaml') => require('js-yaml') as typeof import('js-yaml');

/** The `yaml` library, loaded only when needed: a valid declaration never pays for it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yamlLib = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

/** Locations from the `yaml` library's document: exact, but slow on large files. */
export class DocumentLocator implements Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SourceLoc {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private node(path: readonly PathSeg[]): Node | undefined {
    const { isMap, isSeq } = yamlLib();
    let cur: unknown = this.doc.contents;
    for (const seg of path) {
      if (isSeq(cur) && typeof seg === 'number') cur = cur.items[seg];
      else if (isMap(cur)) cur = findPair(cur.items, seg)?.value;
      else return undefined;
    }
    return (cur ?? undefined) as Node | undefined;
  }

  keyLoc(path: readonly PathSeg[], key: string): SourceLoc {
    const parent = this.node(path);
    if (yamlLib().isMap(parent)) {
      const k = findPair(parent.items, key)?.key as Node | undefined;
      if (k?.range) return this.at(k.range[0]);
    }
    return this.loc(path);
  }

  loc(path: readonly PathSeg[]): SourceLoc {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.at(node.range[0]);
    }
    return { file: this.file, line: 1, column: 1 };
  }
}

function findPair(items: readonly unknown[], key: PathSeg): Pair | undefined {
  const { isPair, isScalar } = yamlLib();
  for (const item of items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const v = isScalar(k) ? k.value : k;
    if (v === key || String(v) === String(key)) return item;
  }
  return undefined;
}

/** Locations from the `yaml` library for `text`: the fallback when the fast frames do not line up. */
export function documentLocator(text: string, file: string): DocumentLocator {
  const { LineCounter, parseDocument } = yamlLib();
  const lines = new LineCounter();
  return new DocumentLocator(file, parseDocument(text, { lineCounter: lines }), lines);
}

/** One composed node as js-yaml reports it: where it starts, its value, and its child nodes in order. */
interface Frame {
  start: number;
  value: unknown;
  kind: string | null;
  /** Null for a node with no child node (most are scalars): one array fewer per node. */
  children: Frame[] | null;
}

const NO_CHILDREN: readonly Frame[] = [];
const childrenOf = (f: Frame): readonly Frame[] => f.children ?? NO_CHILDREN;

/**
 * Parses with js-yaml, about ten times faster than the `yaml` library on large declarations, and
 * records where each node starts through its parse listener. Returns undefined when js-yaml rejects
 * the text: the caller then uses the `yaml` library, whose syntax errors are the better ones.
 */
export function fastParse(text: string, file: string, fallback: () => Locator): { data: unknown; locator: Locator } | undefined {
  const stack: Frame[] = [{ start: 0, value: undefined, kind: null, children: null }];
  let data: unknown;
  const { load: loadYaml, CORE_SCHEMA } = jsYaml();
  try {
    data = loadYaml(text, {
      schema: CORE_SCHEMA, // YAML 1.2 core, like the `yaml` library: dates stay strings
      json: false,
      listener(event, state) {
        if (event === 'open') stack.push({ start: state.position, value: undefined, kind: null, children: null });
        else {
          const frame = stack.pop() as Frame;
          frame.value = state.result;
          frame.kind = state.kind;
          const parent = stack[stack.length - 1];
          if (parent.children) parent.children.push(frame);
          else parent.children = [frame];
        }
      },
    });
  } catch {
    return undefined;
  }
  const root = childrenOf(stack[0])[0];
  return { data, locator: new FrameLocator(file, text, root, fallback) };
}

/**
 * Locations from js-yaml's frames. js-yaml reports a node's start before its leading blanks and
 * sometimes wraps a node in an identical one; both are normalised here. If the frames ever fail to
 * line up with the data (a YAML feature this mapping does not cover), it defers to the slow locator.
 */
class FrameLocator implements Locator {
  private lineStarts: number[] | undefined;
  private slow: Locator | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly root: Frame | undefined,
    private readonly fallback: () => Locator,
  ) {}

  private unwrap(f: Frame): Frame {
    for (let c = childrenOf(f); c.length === 1 && c[0].value === f.value && c[0].kind === f.kind; c = childrenOf(f)) f = c[0];
    return f;
  }

  /** The key frame and value frame of `seg` in a mapping, or the item frame of a sequence. */
  private child(f: Frame, seg: PathSeg): { key?: Frame; value: Frame } | undefined | 'misaligned' {
    const children = childrenOf(f);
    if (Array.isArray(f.value)) {
      if (children.length !== f.value.length) return 'misaligned';
      if (typeof seg !== 'number') return undefined;
      const item = children[seg];
      return item ? { value: this.unwrap(item) } : undefined;
    }
    if (f.kind === 'mapping' && typeof f.value === 'object' && f.value !== null) {
      if (children.length !== 2 * Object.keys(f.value).length) return 'misaligned';
      for (let i = 0; i < children.length; i += 2) {
        const k = this.unwrap(children[i]);
        if (String(k.value) === String(seg)) return { key: k, value: this.unwrap(children[i + 1]) };
      }
      return undefined;
    }
    return undefined;
  }

  /** Frames along `path` (the root first); stops early at a missing node. */
  private walk(path: readonly PathSeg[]): { frames: Frame[]; key?: Frame } | 'misaligned' {
    if (!this.root) return { frames: [] };
    const frames = [this.unwrap(this.root)];
    let key: Frame | undefined;
    for (const seg of path) {
      const next = this.child(frames[frames.length - 1], seg);
      if (next === 'misaligned') return 'misaligned';
      if (!next) break;
      frames.push(next.value);
      key = next.key;
    }
    return { frames, key: frames.length === path.length + 1 ? key : undefined };
  }

  private slowLocator(): Locator {
    return (this.slow ??= this.fallback());
  }

  loc(path: readonly PathSeg[]): SourceLoc {
    const w = this.walk(path);
    if (w === 'misaligned') return this.slowLocator().loc(path);
    const last = w.frames[w.frames.length - 1];
    return last ? this.at(last.start, last.value === null) : { file: this.file, line: 1, column: 1 };
  }

  keyLoc(path: readonly PathSeg[], key: string): SourceLoc {
    const w = this.walk([...path, key]);
    if (w === 'misaligned') return this.slowLocator().keyLoc(path, key);
    if (w.key) return this.at(w.key.start);
    return this.loc(path);
  }

  /**
   * Offset → line/column, after skipping the blanks, line breaks and comments before the node. An
   * empty (null) value has no text of its own: it stays where js-yaml put it, right after its key.
   */
  private at(offset: number, empty = false): SourceLoc {
    const t = this.text;
    let i = offset;
    for (; !empty; ) {
      const c = t[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
      else if (c === '#' && (i === 0 || /\s/.test(t[i - 1]))) {
        while (i < t.length && t[i] !== '\n') i++;
      } else break;
    }
    if (i >= t.length) i = offset;
    const starts = (this.lineStarts ??= lineStartsOf(t));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: i - starts[lo] + 1 };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** `flows[3].cards[1]` — how a path reads in messages. */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(top level)';
}
