/**
 * The layering of ARCHITECTURE.md, held against the code's own imports: every folder of src/ is named
 * there with a layer, no import runs to a higher layer, no folders import each other in a loop,
 * nothing imports the CLI, and only the synth command loads the CDKTF layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { cycles, importGraph, ROOT, runtimeClosure, sourceFiles, unitOf, type ImportEdge } from './support/imports';

const DOC = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
const ROW = /^\| (\d+) \| `src\/([a-z0-9/-]+?)\/` \| .+ \|$/gm;
const LAYER = new Map([...DOC.matchAll(ROW)].map((m) => [m[2], Number(m[1])]));
/** Top folders whose sub-folders and files are units of their own, so a loop between them counts. */
const GROUPED = ['app', 'core', 'output', 'sources'];

function folders(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((n) => statSync(join(ROOT, dir, n)).isDirectory())
    .flatMap((n) => [posix.join(dir, n), ...folders(posix.join(dir, n))]);
}

function layerOf(file: string): number {
  const top = file.replace(/^src\//, '').split('/')[0];
  const layer = LAYER.get(top);
  if (layer === undefined) throw new Error(`${file}: src/${top}/ has no row in ARCHITECTURE.md`);
  return layer;
}

const edges = importGraph('src');
const crossing = edges.filter((e) => unitOf(e.from, GROUPED) !== unitOf(e.to, GROUPED));
const show = (e: ImportEdge): string => `${e.from} imports '${e.spec}' (${e.to})`;

describe('ARCHITECTURE.md', () => {
  test('names every folder of src/ with a layer, and no folder that is gone', () => {
    expect([...LAYER.keys()].sort()).toEqual(folders('src').map((f) => f.replace(/^src\//, '')).sort());
  });

  test('gives a sub-folder the layer of its top folder', () => {
    for (const [folder, layer] of LAYER) expect([folder, layer]).toEqual([folder, LAYER.get(folder.split('/')[0])]);
  });

  test('leaves no file directly in src/', () => {
    expect(readdirSync(join(ROOT, 'src')).filter((n) => !statSync(join(ROOT, 'src', n)).isDirectory())).toEqual([]);
  });
});

describe('the import graph', () => {
  test('is read (a reader that sees no imports would pass everything)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.filter((e) => e.from === 'src/cli/program.ts').length).toBeGreaterThan(5);
    expect(edges.some((e) => e.typeOnly)).toBe(true);
    expect(edges.some((e) => e.lazy)).toBe(true);
  });

  test('runs downward only: no import reaches a higher layer', () => {
    expect(crossing.filter((e) => layerOf(e.to) > layerOf(e.from)).map(show)).toEqual([]);
  });

  test('has no loop between folders', () => {
    const next = new Map<string, Set<string>>();
    for (const e of crossing) {
      const from = unitOf(e.from, GROUPED);
      next.set(from, (next.get(from) ?? new Set<string>()).add(unitOf(e.to, GROUPED)));
    }
    expect(cycles([...next.keys()].sort(), (n) => [...(next.get(n) ?? [])].sort())).toEqual([]);
  });

  test('nothing outside cli/ imports cli/', () => {
    expect(edges.filter((e) => e.to.startsWith('src/cli/') && !e.from.startsWith('src/cli/')).map(show)).toEqual([]);
  });

  test('nothing in src/ imports the package entries of api/', () => {
    expect(edges.filter((e) => e.to.startsWith('src/api/') && !e.from.startsWith('src/api/')).map(show)).toEqual([]);
  });

  test('synth/ is loaded by the synth command and the wf-scopes/synth entry alone, so no other command (nor require("wf-scopes")) loads cdktf', () => {
    const loaders = new Set(edges.filter((e) => e.to.startsWith('src/synth/') && !e.from.startsWith('src/synth/')).map((e) => e.from));
    expect([...loaders].sort()).toEqual(['src/api/synth.ts', 'src/cli/commands/synth.ts']);
    expect(runtimeClosure('src/api/index.ts').filter((f) => f.startsWith('src/synth/') || f === 'src/api/synth.ts')).toEqual([]);
    for (const command of sourceFiles('src/cli/commands').filter((f) => f !== 'src/cli/commands/synth.ts')) {
      expect([command, runtimeClosure(command).filter((f) => f.startsWith('src/synth/'))]).toEqual([command, []]);
    }
    // main.ts loads each command when it runs, so `wf-scopes check` never loads the synth command.
    expect(runtimeClosure('src/cli/main.ts').filter((f) => f.startsWith('src/cli/commands/'))).toEqual([]);
  });
});
