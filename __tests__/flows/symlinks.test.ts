import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collectExportFiles, scanFiles } from '../../src/sources/flows';
import { OKTA, card, oneFlow } from './builders';

// base/root is the folder scanned; base/outside lies next to it.
let base: string;
let root: string;
const valid = oneFlow([card(OKTA('readUser'), { uuid: 'a' })]);

function write(rel: string, text = valid): string {
  const p = path.join(base, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}
const link = (target: string, at: string): void => fs.symlinkSync(path.join(base, target), path.join(base, at));
const rel = (files: string[]): string[] => files.map((f) => path.relative(base, f));

beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-symlinks-')));
  root = path.join(base, 'root');
  write('root/a/one.flow');
  write('outside/two.flow');
  write('outside/sub/three.flow');
  write('outside/notes.md', 'not an export');
});

describe('symlinks met by a folder walk', () => {
  it('does not follow a symlinked folder or file that leads outside the folder scanned, and says so', async () => {
    link('outside', 'root/a/exports');
    link('outside/two.flow', 'root/two.flow');
    link('outside/notes.md', 'root/notes.md'); // not a candidate: passed over silently
    const { files, problems, skipped } = await collectExportFiles([root]);
    expect(rel(files)).toEqual(['root/a/one.flow']);
    expect(problems).toEqual([]);
    expect(skipped).toEqual([
      { file: path.join(root, 'a', 'exports'), reason: `symlink to the folder ${base}/outside, outside the scanned folder ${root}: not followed` },
      { file: path.join(root, 'two.flow'), reason: `symlink to the file ${base}/outside/two.flow, outside the scanned folder ${root}: not followed` },
    ]);
  });

  it('judges a chain of symlinks by where it ends', async () => {
    link('outside', 'root/hop2');
    link('root/hop2', 'root/hop1');
    const { files, skipped } = await collectExportFiles([root]);
    expect(rel(files)).toEqual(['root/a/one.flow']);
    expect(skipped.map((s) => path.basename(s.file))).toEqual(['hop1', 'hop2']);
  });

  it('follows symlinks that stay inside, reading each real file once', async () => {
    link('root/a', 'root/alias');
    link('root/a/one.flow', 'root/one-again.flow');
    const { files, skipped } = await collectExportFiles([root]);
    expect(rel(files)).toEqual(['root/a/one.flow']);
    expect(skipped).toEqual([]);
  });

  it('uses a path named explicitly whatever it links to, and walks it as the folder scanned', async () => {
    link('outside', 'root/exports');
    const { files, skipped } = await collectExportFiles([path.join(root, 'exports'), path.join(root, 'a')]);
    expect(rel(files)).toEqual(['root/a/one.flow', 'root/exports/sub/three.flow', 'root/exports/two.flow']);
    expect(skipped).toEqual([]);
  });

  it('scanFiles reports them among the skipped files, after the content-based ones, sorted', async () => {
    link('outside', 'root/z-exports');
    write('root/b-types.js.flow', '// @flow\n');
    const scan = await scanFiles([root]);
    expect(scan.results.map((r) => (r.ok ? path.relative(base, r.export.file) : r.code))).toEqual(['root/a/one.flow']);
    expect(scan.skipped.map((s) => [path.basename(s.file), s.reason.split(':')[0]])).toEqual([
      ['b-types.js.flow', 'not an Okta Workflows export'],
      ['z-exports', `symlink to the folder ${base}/outside, outside the scanned folder ${root}`],
    ]);
  });
});
