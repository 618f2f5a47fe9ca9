export interface StableJsonOptions {
  /**
   * Keys written first, in this order, wherever they occur; the remaining keys of an object follow in
   * code-unit order. Lets a documented schema read in its documented order while staying independent
   * of how the object was built.
   */
  keyOrder?: readonly string[];
  /** Spaces per nesting level; 0 writes one line. Default 2. */
  indent?: number;
  /**
   * Objects that occur more than once in the value (by identity): each is written once per depth and
   * its text repeated, so that a document holding one large list under 60 orgs pays for it once.
   */
  repeated?: ReadonlySet<object>;
  /**
   * The caller writes some values itself (a list of 50,000 rows of one known shape goes faster by
   * hand): given the value, its depth and the writer's `put`, it puts the text the writer would have
   * written there and returns true, or returns false to leave the value to the writer.
   */
  raw?: (value: object, depth: number, put: (text: string) => void) => boolean;
}

/**
 * JSON whose bytes depend only on the value: key order is fixed by `keyOrder` and code-unit order
 * (JSON.stringify follows insertion order and moves integer-like keys first). Written by hand rather
 * than by reordering and calling JSON.stringify for that reason. Values JSON cannot represent
 * (functions, symbols, bigints, NaN, Infinity, cycles) throw instead of silently becoming null.
 * `undefined` object members are left out, as JSON.stringify does; `undefined` in an array throws.
 */
export function stableStringify(value: unknown, opts: StableJsonOptions = {}): string {
  let out = '';
  writeStableJson(value, opts, (chunk) => (out += chunk));
  return out;
}

/** About how much text `writeStableJson` hands its sink at a time: short-lived pieces, large enough writes. */
const CHUNK = 1 << 16;

/**
 * stableStringify's text, handed to `sink` in pieces of about 64 KB: a document larger than a
 * string can hold (V8's limit is about 512 MB) can still be written, and memory stays bounded.
 */
export function writeStableJson(value: unknown, opts: StableJsonOptions, sink: (chunk: string) => void): void {
  const writer = new StableWriter(opts, sink);
  writer.value(value, 0);
  writer.flush();
}

class StableWriter {
  private buf = '';
  private readonly rank = new Map<string, number>();
  /** Sorted key lists by the object's own key list: most objects share a handful of shapes. */
  private readonly orders = new Map<string, string[]>();
  private readonly unit: string;
  /** `\n` and the indentation of each depth. */
  private readonly breaks: string[] = [];
  private readonly sep: string;
  private readonly ancestors = new Set<object>();
  /** The keys and indexes down to the value being written, for the error messages only. */
  private readonly path: (string | number)[] = [];
  private readonly texts = new Map<object, Map<number, string>>();

  constructor(
    private readonly opts: StableJsonOptions,
    private readonly sink: (chunk: string) => void,
  ) {
    (opts.keyOrder ?? []).forEach((k, i) => {
      if (!this.rank.has(k)) this.rank.set(k, i);
    });
    this.unit = ' '.repeat(Math.max(0, Math.min(10, opts.indent ?? 2)));
    this.sep = this.unit ? ': ' : ':';
  }

  flush(): void {
    if (this.buf) this.sink(this.buf);
    this.buf = '';
  }

  private readonly putText = (s: string): void => this.put(s);

  private put(s: string): void {
    this.buf += s;
    if (this.buf.length >= CHUNK) this.flush();
  }

  private newline(depth: number): string {
    if (!this.unit) return '';
    return (this.breaks[depth] ??= `\n${this.unit.repeat(depth)}`);
  }

  private fail(what: string): never {
    let p = '$';
    for (const seg of this.path) p += typeof seg === 'number' ? `[${seg}]` : `.${seg}`;
    throw new TypeError(`stableStringify: ${p} ${what}`);
  }

  value(v: unknown, depth: number): void {
    if (v === null) return this.put('null');
    switch (typeof v) {
      case 'string':
        return this.put(JSON.stringify(v));
      case 'boolean':
        return this.put(v ? 'true' : 'false');
      case 'number':
        if (!Number.isFinite(v)) this.fail(`is ${v}`);
        return this.put(JSON.stringify(v));
      case 'object':
        break;
      default:
        this.fail(`is a ${typeof v}`);
    }
    const obj = v as object;
    if (this.ancestors.has(obj)) this.fail('is circular');
    if (this.opts.repeated?.has(obj)) return this.repeat(obj, depth);
    if (this.opts.raw?.(obj, depth, this.putText)) return;
    this.ancestors.add(obj);
    if (Array.isArray(obj)) this.array(obj, depth);
    else this.object(obj as Record<string, unknown>, depth);
    this.ancestors.delete(obj);
  }

  /** A repeated object: written into its own text once per depth, then copied. */
  private repeat(obj: object, depth: number): void {
    let byDepth = this.texts.get(obj);
    if (!byDepth) this.texts.set(obj, (byDepth = new Map()));
    let text = byDepth.get(depth);
    if (text === undefined) {
      text = '';
      const inner = new StableWriter({ ...this.opts, repeated: undefined }, (chunk) => (text += chunk));
      inner.path.push(...this.path);
      inner.value(obj, depth);
      inner.flush();
      byDepth.set(depth, text);
    }
    // Handed on as it is: a sink that queues its chunks (a pipe) then holds one copy of it, not one per use.
    this.flush();
    this.sink(text);
  }

  private array(items: readonly unknown[], depth: number): void {
    if (items.length === 0) return this.put('[]');
    const open = this.newline(depth + 1);
    this.put('[');
    for (let i = 0; i < items.length; i++) {
      this.put(i === 0 ? open : `,${open}`);
      this.path.push(i);
      this.value(items[i], depth + 1);
      this.path.pop();
    }
    this.put(`${this.newline(depth)}]`);
  }

  private object(record: Record<string, unknown>, depth: number): void {
    const open = this.newline(depth + 1);
    let first = true;
    for (const k of this.keysOf(record)) {
      const member = record[k];
      if (member === undefined) continue;
      this.put(first ? `{${open}` : `,${open}`);
      first = false;
      this.put(`${JSON.stringify(k)}${this.sep}`);
      this.path.push(k);
      this.value(member, depth + 1);
      this.path.pop();
    }
    this.put(first ? '{}' : `${this.newline(depth)}}`);
  }

  private keysOf(record: Record<string, unknown>): string[] {
    const keys = Object.keys(record);
    const shape = JSON.stringify(keys);
    let sorted = this.orders.get(shape);
    if (!sorted) this.orders.set(shape, (sorted = keys.sort((a, b) => this.compareKeys(a, b))));
    return sorted;
  }

  private compareKeys(a: string, b: string): number {
    const ra = this.rank.get(a);
    const rb = this.rank.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
