/**
 * The import graph of the source tree, read from the files' own import statements: what the layering
 * test checks and what the cdktf test copies (the closure of the synth entry).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Static `import … from`, `export … from`, `import('…')` and `require('…')` of a relative module. */
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;

export interface ImportEdge {
  /** Importing file, relative to the repository root, `/`-separated. */
  from: string;
  /** Imported file, likewise. */
  to: string;
  /** The specifier as written. */
  spec: string;
  /** A type-only import is erased at run time, so it loads nothing (it still counts for layering). */
  typeOnly: boolean;
  /** `import('…')`: loaded when the code runs there, not when the importing module loads. */
  lazy: boolean;
}

/** Every .ts file under `dir` (relative to the root), sorted. */
export function sourceFiles(dir = 'src'): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(join(ROOT, d)).sort()) {
      const rel = posix.join(d, name);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.ts')) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

function resolveSpec(from: string, spec: string): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const cand of [`${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts'), base]) {
    if (cand.endsWith('.ts') && existsSync(join(ROOT, cand))) return cand;
  }
  return undefined;
}

/** The edges out of one file; a specifier that resolves to no file is an error (the graph would lie). */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const edges: ImportEdge[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const to = resolveSpec(file, m[2]);
    if (!to) throw new Error(`${file}: cannot resolve import '${m[2]}'`);
    // The statement this specifier ends: from the last line that opens an import or export.
    const at = m.index ?? 0;
    const opens = Math.max(text.lastIndexOf('\nimport ', at), text.lastIndexOf('\nexport ', at));
    const statement = text.slice(opens + 1, at + m[0].length);
    edges.push({
      from: file,
      to,
      spec: m[2],
      typeOnly: /^from/.test(m[1]) && /^\s*(?:import|export)\s+type\b/.test(statement),
      lazy: /^\bimport\s*\(/.test(m[1]),
    });
  }
  return edges;
}

/** All edges of the files under `dir`. */
export function importGraph(dir = 'src'): ImportEdge[] {
  return sourceFiles(dir).flatMap(importsOf);
}

/** The files a module loads when it is loaded (itself included): value imports, not types or import(). */
export function runtimeClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const e of importsOf(f)) if (!e.typeOnly && !e.lazy) visit(e.to);
  };
  visit(entry);
  return [...seen].sort();
}

/**
 * The folder a file belongs to for layering. Files of a grouped top folder form units by their
 * sub-folder (`src/core/catalog/index.ts` → `core/catalog`) or their own name (`src/core/project.ts` →
 * `core/project`); elsewhere the top folder is the unit (`src/cli/commands/check.ts` → `cli`).
 */
export function unitOf(file: string, grouped: readonly string[]): string {
  const parts = file.replace(/^src\//, '').split('/');
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '');
  if (grouped.includes(parts[0])) return `${parts[0]}/${parts[1].replace(/\.ts$/, '')}`;
  return parts[0];
}

/** Strongly connected components of more than one node (Tarjan): each is an import cycle. */
export function cycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) strong(n);
  return found;
}
