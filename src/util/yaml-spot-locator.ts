import type { SourceLoc } from './diagnostics';
import type { Locator, PathSeg } from './yaml-locator';

/**
 * Where a container's children start, kept beside the data rather than in a map keyed by it (a large
 * declaration has 100,000 containers). A mapping has `keys` in order, `at[2i]` the start of the i-th
 * key and `at[2i + 1]` of its value; a sequence has `at[i]` for item i. `kids[i]` are the spots of
 * child i when it is a container.
 */
export interface Spots {
  at: number[];
  keys?: string[];
  kids?: (Spots | undefined)[];
}

/** Locations from the offsets the simple parser kept: a node's first token, a key's first character. */
export class SpotLocator implements Locator {
  private lineStarts: Int32Array | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly root: Spots,
  ) {}

  /**
   * The last walk, step by step: the segment taken, then the node, its start and its key's start
   * reached (`depth` steps are valid). The next walk resumes where its path agrees: a declaration's
   * cards are located one after the other, `flows[i].cards[j]` then `flows[i].cards[j + 1]`.
   */
  private readonly trailSegs: PathSeg[] = [];
  private readonly trailSpots: (Spots | undefined)[] = [];
  private readonly trailStarts: number[] = [];
  private readonly trailKeys: (number | undefined)[] = [];
  private depth = 0;

  /** What the last walk found: the key's start (when the path exists to its end) and whether it does. */
  private walkKey: number | undefined;
  private walkWhole = false;

  /**
   * The start of each node along `path` as far as it exists (returned), and the key's start when it
   * exists to the end (in walkKey and walkWhole: no result object per look-up).
   */
  private walk(path: readonly PathSeg[]): number {
    let n = 0;
    while (n < path.length && n < this.depth && this.trailSegs[n] === path[n]) n++;
    this.depth = n;
    let spots: Spots | undefined = n > 0 ? this.trailSpots[n - 1] : this.root;
    let start = n > 0 ? this.trailStarts[n - 1] : this.root.at[0];
    let key = n > 0 ? this.trailKeys[n - 1] : undefined;
    for (; n < path.length; n++) {
      const seg = path[n];
      if (!spots) return this.walked(start, undefined, false); // below a scalar
      let child: number;
      if (spots.keys) {
        child = spots.keys.indexOf(String(seg));
        if (child < 0) return this.walked(start, undefined, false);
        key = spots.at[2 * child];
        start = spots.at[2 * child + 1];
      } else {
        if (typeof seg !== 'number' || !Number.isInteger(seg) || seg < 0 || seg >= spots.at.length) return this.walked(start, undefined, false);
        child = seg;
        key = undefined;
        start = spots.at[seg];
      }
      spots = spots.kids?.[child];
      this.trailSegs[n] = seg;
      this.trailSpots[n] = spots;
      this.trailStarts[n] = start;
      this.trailKeys[n] = key;
      this.depth = n + 1;
    }
    return this.walked(start, key, true);
  }

  private walked(start: number, key: number | undefined, whole: boolean): number {
    this.walkKey = key;
    this.walkWhole = whole;
    return start;
  }

  loc(path: readonly PathSeg[]): SourceLoc {
    return this.at(this.walk(path));
  }

  keyLoc(path: readonly PathSeg[], key: string): SourceLoc {
    this.walk([...path, key]);
    return this.walkWhole && this.walkKey !== undefined ? this.at(this.walkKey) : this.loc(path);
  }

  /** The line of the last offset looked up: most look-ups go down the file, a line or two at a time. */
  private line = 0;

  private at(offset: number): SourceLoc {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = this.line;
    if (starts[lo] <= offset && (lo + 1 >= starts.length || offset < starts[lo + 1])) return this.locAt(lo, offset);
    if (lo + 2 < starts.length && starts[lo + 1] <= offset && offset < starts[lo + 2]) return this.locAt(lo + 1, offset);
    lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.locAt(lo, offset);
  }

  private locAt(line: number, offset: number): SourceLoc {
    this.line = line;
    return { file: this.file, line: line + 1, column: offset - (this.lineStarts as Int32Array)[line] + 1 };
  }
}

function lineStartsOf(text: string): Int32Array {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  const starts = new Int32Array(n);
  n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}
