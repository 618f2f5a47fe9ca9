export interface StableJsonOptions {
  /**
   * Keys written first, in this order, wherever they occur; the remaining keys of an object follow in
   * code-unit order. Lets a documented schema read in its documented order while staying independent
   * of how the object was built.
   */
  keyOrder?: readonly string[];
  /** Spaces per nesting level; 0 writes one line. Default 2. */
  indent?: number;
}

/**
 * JSON whose bytes depend only on the value: key order is fixed by `keyOrder` and code-unit order
 * (JSON.stringify follows insertion order and moves integer-like keys first). Written by hand rather
 * than by reordering and calling JSON.stringify for that reason. Values JSON cannot represent
 * (functions, symbols, bigints, NaN, Infinity, cycles) throw instead of silently becoming null.
 * `undefined` object members are left out, as JSON.stringify does; `undefined` in an array throws.
 */
export function stableStringify(value: unknown, opts: StableJsonOptions = {}): string {
  const rank = new Map<string, number>();
  (opts.keyOrder ?? []).forEach((k, i) => {
    if (!rank.has(k)) rank.set(k, i);
  });
  const compareKeys = (a: string, b: string): number => {
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const unit = ' '.repeat(Math.max(0, Math.min(10, opts.indent ?? 2)));
  const ancestors = new Set<object>();

  const write = (v: unknown, depth: number, path: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`stableStringify: ${path} is ${v}`);
        return JSON.stringify(v);
      case 'object':
        break;
      default:
        throw new TypeError(`stableStringify: ${path} is a ${typeof v}`);
    }
    const obj = v as object;
    if (ancestors.has(obj)) throw new TypeError(`stableStringify: ${path} is circular`);
    ancestors.add(obj);
    const open = unit ? `\n${unit.repeat(depth + 1)}` : '';
    const close = unit ? `\n${unit.repeat(depth)}` : '';
    const sep = unit ? ': ' : ':';
    let out: string;
    if (Array.isArray(obj)) {
      const items = obj.map((item: unknown, i) => write(item, depth + 1, `${path}[${i}]`));
      out = items.length === 0 ? '[]' : `[${open}${items.join(`,${open}`)}${close}]`;
    } else {
      const record = obj as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort(compareKeys)
        .map((k) => `${JSON.stringify(k)}${sep}${write(record[k], depth + 1, `${path}.${k}`)}`);
      out = members.length === 0 ? '{}' : `{${open}${members.join(`,${open}`)}${close}}`;
    }
    ancestors.delete(obj);
    return out;
  };

  return write(value, 0, '$');
}
