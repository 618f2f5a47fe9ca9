/**
 * Files sized to their job: no src/ file over 400 lines and no function over 80 lines, unless the
 * file says why in a comment near its top that starts with `Size:` and names the file (its name) or
 * the function. Functions are measured with the TypeScript compiler: declarations, methods,
 * accessors, constructors, and function or arrow expressions assigned to a const or a property.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { ROOT, sourceFiles } from './support/imports';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
/** How far down a `Size:` comment may sit: the top of the file, where a reader looks first. */
const SIZE_NOTE_WITHIN = 40;

export interface Oversized {
  file: string;
  /** The function's name, or undefined for the file itself. */
  name?: string;
  lines: number;
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** The name a reader would look for: `f` for `function f`, `const f = () =>` and `f() {}` alike. */
function nameOf(node: ts.FunctionLikeDeclaration): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) return node.name.text;
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** Every function over the cap in one file's text, and the file itself when it is over its cap. */
export function oversized(file: string, text: string): Oversized[] {
  const out: Oversized[] = [];
  const lines = lineCount(text);
  if (lines > MAX_FILE_LINES) out.push({ file, lines });
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const first = source.getLineAndCharacterOfPosition(fn.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(fn.getEnd()).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) out.push({ file, name: nameOf(fn) ?? '(anonymous)', lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The text of the `Size:` comments near the top of a file. */
export function sizeNotes(text: string): string[] {
  const top = text.split('\n').slice(0, SIZE_NOTE_WITHIN).join('\n');
  return [...top.matchAll(/(?:\/\/|\/\*+|^\s*\*)\s*(Size:[^\n]*)/gm)].map((m) => m[1]);
}

/** Whether a `Size:` note names the oversized function (as a word) or the file (by its name). */
export function excused(o: Oversized, notes: readonly string[]): boolean {
  const word = o.name === undefined ? posix.basename(o.file) : o.name;
  const named = new RegExp(`(^|[^\\w$])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w$])`);
  return notes.some((n) => named.test(n));
}

describe('src/ files sized to their job', () => {
  const files = sourceFiles('src');

  test('reads the source (a reader that sees nothing would pass everything)', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  test(`no file over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES}, unless a Size: comment names it`, () => {
    const unexcused: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const notes = sizeNotes(text);
      for (const o of oversized(file, text)) {
        if (!excused(o, notes)) unexcused.push(`${o.file}${o.name === undefined ? '' : ` ${o.name}()`}: ${o.lines} lines`);
      }
    }
    expect(unexcused).toEqual([]);
  });
});

describe('the size check itself', () => {
  const body = (n: number): string => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');

  test('measures declarations, methods and arrow functions assigned to consts', () => {
    const text = [
      `function big(): number {\n  let x = 0;\n${body(80)}\n  return x;\n}`,
      `const arrow = (): number => {\n  let x = 0;\n${body(80)}\n  return x;\n};`,
      `class C {\n  method(): number {\n    let x = 0;\n${body(80)}\n    return x;\n  }\n}`,
      `function small(): number {\n  return 1;\n}`,
    ].join('\n');
    const found = oversized('src/x.ts', text);
    expect(found.map((o) => o.name).sort()).toEqual(['arrow', 'big', 'method']);
  });

  test('an 80-line function passes, an 81-line one does not', () => {
    expect(oversized('src/x.ts', `function f() {\n  let x = 0;\n${body(77)}\n}`)).toEqual([]);
    expect(oversized('src/x.ts', `function f() {\n  let x = 0;\n${body(78)}\n}`).map((o) => o.lines)).toEqual([81]);
  });

  test('flags a file over 400 lines, excused only by a Size: note naming it', () => {
    const text = Array.from({ length: 401 }, (_, i) => `export const c${i} = ${i};`).join('\n');
    const [o] = oversized('src/a/long.ts', text);
    expect(o).toEqual({ file: 'src/a/long.ts', lines: 401 });
    expect(excused(o, sizeNotes(text))).toBe(false);
    expect(excused(o, sizeNotes(`// Size: long.ts is one table of rows.\n${text}`))).toBe(true);
    expect(excused(o, sizeNotes(`// Size: other.ts is long.\n${text}`))).toBe(false);
  });

  test('a Size: note excuses the function it names, as a word, near the top only', () => {
    const o: Oversized = { file: 'src/x.ts', name: 'walk', lines: 90 };
    expect(excused(o, sizeNotes('/**\n * Size: walk is one state machine.\n */'))).toBe(true);
    expect(excused(o, sizeNotes('// Size: walker is long.'))).toBe(false);
    expect(excused(o, sizeNotes('// walk is long, no note.'))).toBe(false);
    expect(excused(o, sizeNotes(`${'\n'.repeat(SIZE_NOTE_WITHIN)}// Size: walk is long.`))).toBe(false);
  });
});
