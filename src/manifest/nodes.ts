import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Pair } from 'yaml';
import type { SourceLoc } from '../util/diagnostics';

export type PathSeg = string | number;

/** Turns YAML node offsets into file:line:column. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SourceLoc {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The node at `path` (map keys and sequence indexes), or undefined. */
  node(path: readonly PathSeg[]): Node | undefined {
    let cur: unknown = this.doc.contents;
    for (const seg of path) {
      if (isSeq(cur) && typeof seg === 'number') cur = cur.items[seg];
      else if (isMap(cur)) cur = findPair(cur.items, seg)?.value;
      else return undefined;
    }
    return (cur ?? undefined) as Node | undefined;
  }

  /** The key node of the last segment (for "unknown key" errors). */
  keyLoc(path: readonly PathSeg[], key: string): SourceLoc {
    const parent = this.node(path);
    if (isMap(parent)) {
      const pair = findPair(parent.items, key);
      const k = pair?.key as Node | undefined;
      if (k?.range) return this.at(k.range[0]);
    }
    return this.loc(path);
  }

  /** Location of the node at `path`, falling back to its nearest located ancestor. */
  loc(path: readonly PathSeg[]): SourceLoc {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.at(node.range[0]);
    }
    return { file: this.file, line: 1, column: 1 };
  }
}

function findPair(items: readonly unknown[], key: PathSeg): Pair | undefined {
  for (const item of items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const v = isScalar(k) ? k.value : k;
    if (v === key || String(v) === String(key)) return item;
  }
  return undefined;
}

/** `flows[3].cards[1]` — how a path reads in messages. */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(top level)';
}
