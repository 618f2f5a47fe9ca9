// Small readers that turn `unknown` YAML into typed values or say exactly what is wrong (with the line).
import { CatalogDataError } from './files';

export type Obj = Record<string, unknown>;

/** The elements of a YAML sequence, typed `unknown` (Array.isArray alone would yield `any`). */
export function asList(v: unknown): readonly unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export type YamlPath = (string | number)[];

export class YamlReader {
  /** Where in the document the node being read sits, for the line of an error. */
  at: YamlPath = [];

  constructor(
    readonly label: string,
    private readonly text = '',
  ) {}

  /** Throws with `file:line` of the node at `at` (plus `field` when it exists there). */
  fail(where: string, problem: string, field?: string): never {
    const line = this.lineOf(field === undefined ? this.at : [...this.at, field]);
    throw new CatalogDataError(line === undefined ? this.label : `${this.label}:${line}`, `${where}: ${problem}`);
  }

  /** Parsed again only on failure, with positions: loading stays on the fast parser. */
  private lineOf(path: YamlPath): number | undefined {
    if (this.text === '') return undefined;
    try {
      // Loaded here only: the positional parser costs more to import than the whole fast load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
      const lineCounter = new LineCounter();
      const doc = parseDocument(this.text, { lineCounter });
      for (let n = path.length; n >= 0; n--) {
        const node: unknown = doc.getIn(path.slice(0, n), true);
        if (typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range)) {
          const start: unknown = node.range[0];
          if (typeof start === 'number') return lineCounter.linePos(start).line;
        }
      }
    } catch {
      // A file the fast parser read but this one cannot: the message without a line still says what.
    }
    return undefined;
  }

  fields(o: Obj, where: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(where, `unknown field "${k}"`);
  }

  str(o: Obj, key: string, where: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(where, `"${key}" must be a non-empty string`);
    return v;
  }

  optStr(o: Obj, key: string, where: string): string | undefined {
    return o[key] === undefined ? undefined : this.str(o, key, where);
  }

  bool(o: Obj, key: string, where: string, dflt: boolean): boolean {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(where, `"${key}" must be true or false`);
    return v;
  }

  /** A list of distinct non-empty strings; absent means empty. */
  strList(o: Obj, key: string, where: string): string[] {
    if (o[key] === undefined) return [];
    const v = asList(o[key]);
    if (!v) this.fail(where, `"${key}" must be a list`);
    const out: string[] = [];
    for (const item of v) {
      if (typeof item !== 'string' || item.trim() === '') this.fail(where, `"${key}" must hold non-empty strings`);
      if (out.includes(item)) this.fail(where, `"${key}" lists "${item}" twice`);
      out.push(item);
    }
    return out;
  }

  oneOf<T extends string>(o: Obj, key: string, where: string, values: readonly T[]): T {
    const v = this.str(o, key, where);
    const hit = values.find((x) => x === v);
    if (hit === undefined) this.fail(where, `"${key}" must be one of ${values.join(', ')}`);
    return hit;
  }
}
