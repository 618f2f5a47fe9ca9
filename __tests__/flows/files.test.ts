import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { collectExportFiles, readExportFile, scanFiles, type ExportReadResult } from '../../src/sources/flows';
import { OKTA, card, oneFlow } from './builders';

let dir: string;
const valid = oneFlow([card(OKTA('readUser'), { uuid: 'a' })]);

function write(rel: string, text: string | Buffer = valid): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}
const fileOf = (r: ExportReadResult): string => (r.ok ? r.export.file : r.file);

/** True when chmod 000 really blocks this process (not the case for root). */
function permissionsEnforced(): boolean {
  const probe = write('probe.txt', 'x');
  fs.chmodSync(probe, 0o000);
  let readable = true;
  try {
    fs.readFileSync(probe);
  } catch {
    readable = false;
  }
  fs.chmodSync(probe, 0o644);
  fs.rmSync(probe);
  return !readable;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-flows-'));
});
afterEach(() => {
  // Restore permissions so cleanup can remove everything.
  for (const p of ['tree/locked', 'tree/locked.flow']) if (fs.existsSync(path.join(dir, p))) fs.chmodSync(path.join(dir, p), 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readExportFile', () => {
  it('reads a valid export', async () => {
    const r = await readExportFile(write('a.flow'));
    expect(r.ok && r.export.flows[0]?.cards[0]?.key).toBe('readUser');
  });

  it('refuses a file above the size limit without parsing it', async () => {
    // Not JSON at all: had it been read and parsed, the error would be not-json.
    const p = write('big.flopack', 'x'.repeat(5000));
    const r = await readExportFile(p, { maxBytes: 1024 });
    expect(r).toEqual({ ok: false, file: p, code: 'too-large', reason: 'too large to read: 5000 bytes, the limit is 1024 bytes (WF_SCOPES_MAX_INPUT_BYTES)' });
    expect((await readExportFile(p, { maxBytes: 5000 })).ok).toBe(false);
    expect(await readExportFile(p, { maxBytes: 5000 })).toMatchObject({ code: 'not-json' });
  });

  it('has a default limit of 32 MiB', async () => {
    const p = path.join(dir, 'huge.flow');
    fs.writeFileSync(p, '');
    fs.truncateSync(p, 32 * 1024 * 1024 + 1); // sparse: no disk or memory needed
    expect(await readExportFile(p)).toMatchObject({ code: 'too-large' });
  });

  it('refuses binary data, folders and missing files with a reason', async () => {
    const zip = write('archive.flopack', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]));
    expect(await readExportFile(zip)).toMatchObject({ ok: false, code: 'not-utf8' });
    expect(await readExportFile(dir)).toMatchObject({ ok: false, code: 'not-a-file', reason: 'cannot read: a folder' });
    expect(await readExportFile(path.join(dir, 'nope.flow'))).toMatchObject({ ok: false, code: 'not-found' });
  });
});

describe('collectExportFiles', () => {
  it('walks folders for export extensions and .json, sorted; a named file is always taken', async () => {
    write('b/two.folder');
    write('a/one.flow');
    write('a/deeper/three.flopack');
    write('a/deeper/UPPER.FLOW');
    write('a/notes.json', '{}');
    write('a/readme.md', '#');
    write('.git/objects/x.flow');
    write('.hidden/y.flow');
    write('node_modules/pkg/lib/z.js.flow', '// @flow');
    const named = write('elsewhere/export.json');
    const { files, walked, problems } = await collectExportFiles([dir, named]);
    const rel = (list: string[]) => list.map((f) => path.relative(dir, f));
    expect(rel(files)).toEqual([
      'a/deeper/UPPER.FLOW',
      'a/deeper/three.flopack',
      'a/notes.json',
      'a/one.flow',
      'b/two.folder',
      'elsewhere/export.json',
    ]);
    // Only what the walk found is judged by its content; a named file is read as an export.
    expect(rel(walked)).toEqual(['a/deeper/UPPER.FLOW', 'a/deeper/three.flopack', 'a/notes.json', 'a/one.flow', 'b/two.folder']);
    expect(problems).toEqual([]);
  });

  it('enters hidden folders and node_modules only when they are named', async () => {
    write('node_modules/pkg/x.flow');
    write('.exports/y.flow');
    const { files } = await collectExportFiles([path.join(dir, 'node_modules'), path.join(dir, '.exports')]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['.exports/y.flow', 'node_modules/pkg/x.flow']);
    expect((await collectExportFiles([dir])).files).toEqual([]);
  });

  it('survives a symlink loop and reports it', async () => {
    write('a/one.flow');
    fs.symlinkSync(dir, path.join(dir, 'a', 'back-to-top'));
    const { files, problems } = await collectExportFiles([dir]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['a/one.flow']);
    expect(problems).toEqual([{ file: path.join(dir, 'a', 'back-to-top'), code: 'symlink-loop', reason: expect.stringMatching(/symlink loop/) }]);
  });

  it('reports a dangling symlink and a self-referencing one, and continues', async () => {
    write('ok.flow');
    fs.symlinkSync(path.join(dir, 'gone.flow'), path.join(dir, 'dangling.flow'));
    fs.symlinkSync(path.join(dir, 'self.flow'), path.join(dir, 'self.flow'));
    const { files, problems } = await collectExportFiles([dir]);
    expect(files).toEqual([path.join(dir, 'ok.flow')]);
    expect(problems.map((p) => [path.basename(p.file), p.code])).toEqual([
      ['dangling.flow', 'not-found'],
      ['self.flow', 'symlink-loop'],
    ]);
    expect(problems[0]?.reason).toMatch(/dangling symlink/);
  });

  it('lists each real file once, whatever routes lead to it', async () => {
    const real = write('real/one.flow');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'alias'));
    const { files } = await collectExportFiles([dir, real, path.join(dir, 'real')]);
    expect(files).toEqual([path.join(dir, 'alias', 'one.flow')]);
  });

  it('reports paths that do not exist', async () => {
    const missing = path.join(dir, 'missing');
    expect(await collectExportFiles([missing])).toEqual({ files: [], walked: [], problems: [{ file: missing, code: 'not-found', reason: 'cannot open: no such file or folder' }], skipped: [] });
  });
});

describe('scanFiles', () => {
  it('returns one sorted result per file and per problem, reading past bad files', async () => {
    write('1-good.flow');
    write('2-bad.flow', '{"type": "flopack", "version": "1.5.0", "data": {"flos": {');
    write('3-other.flopack', JSON.stringify({ type: 'table' }));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, '4-dangling.folder'));
    write('5-good.folder');
    const scan = await scanFiles([dir]);
    expect(scan.results.map((r) => [path.basename(fileOf(r)), r.ok ? 'ok' : r.code])).toEqual([
      ['1-good.flow', 'ok'],
      ['2-bad.flow', 'truncated'],
      ['4-dangling.folder', 'not-found'],
      ['5-good.folder', 'ok'],
    ]);
    // JSON without a flow shape is not an export, whatever its extension says: a note, not an error.
    expect(scan.skipped).toEqual([{ file: path.join(dir, '3-other.flopack'), reason: 'not an Okta Workflows export: JSON without a flow shape ("type" is "table")' }]);
    expect(scan.elapsedMs).toBeGreaterThan(0);
  });

  it('passes the size limit through', async () => {
    write('a.flow');
    const scan = await scanFiles([dir], { maxBytes: 10 });
    expect(scan.results).toEqual([expect.objectContaining({ ok: false, code: 'too-large' })]);
  });
});

describe('scanFiles judges walked files by content', () => {
  it('reads a flopack saved as workflow.json and skips other JSON silently', async () => {
    write('template/workflow.json', valid);
    write('template/meta.json', JSON.stringify({ name: 'x', connectors: ['okta'] }));
    write('template/package-lock.json', '{"name": ');
    write('template/list.json', '[1, 2]');
    const scan = await scanFiles([dir]);
    expect(scan.results.map((r) => [path.relative(dir, fileOf(r)), r.ok])).toEqual([['template/workflow.json', true]]);
    expect(scan.skipped).toEqual([]);
  });

  it('still fails a damaged export: one that says it is a flopack, or a broken JSON object with an export extension', async () => {
    write('cut.json', valid.slice(0, 40));
    write('broken.flow', '{"name": "x", ');
    write('empty.flopack', '');
    write('binary.flopack', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]));
    write('script.js.flow', '/* @flow */ export type T = string;');
    const scan = await scanFiles([dir]);
    expect(scan.results.map((r) => [path.basename(fileOf(r)), r.ok ? 'ok' : r.code])).toEqual([
      ['broken.flow', 'truncated'],
      ['cut.json', 'truncated'],
      ['empty.flopack', 'empty'],
    ]);
    expect(scan.skipped.map((s) => [path.basename(s.file), s.reason])).toEqual([
      ['binary.flopack', 'not an Okta Workflows export: not a text file'],
      ['script.js.flow', 'not an Okta Workflows export: the content is not a JSON object'],
    ]);
  });
});

describe('permission denied (EACCES)', () => {
  interface Outcome {
    read: ExportReadResult;
    collected: { files: string[]; problems: { file: string; code: string; reason: string }[] };
  }

  /**
   * Builds `tree/` with a locked file and a locked folder, then reads it as a user the locks apply to.
   * As root (CI, containers) permission bits do not apply, so the compiled reader (dist/, built by
   * jest's global setup) runs in a child as `nobody`. Nothing here skips: a machine where neither works
   * fails the test, so it can never pass without its assertions.
   */
  async function readLockedTree(): Promise<Outcome> {
    write('tree/open/y.flow');
    write('tree/locked/x.flow');
    write('tree/locked.flow');
    const tree = path.join(dir, 'tree');
    if (permissionsEnforced()) {
      fs.chmodSync(path.join(tree, 'locked'), 0o000);
      fs.chmodSync(path.join(tree, 'locked.flow'), 0o000);
      const f = await import('../../src/sources/flows');
      return { read: await f.readExportFile(path.join(tree, 'locked.flow')), collected: await f.collectExportFiles([tree]) };
    }
    if (process.getuid?.() !== 0) throw new Error('chmod 000 does not block reads here, yet this is not root: cannot test EACCES');
    const lib = path.resolve(__dirname, '../../dist/src/sources/flows/index.js');
    if (!fs.existsSync(lib)) throw new Error(`${lib} is missing: jest's global setup builds dist/`);
    const script = `(async () => {
      const f = require(process.argv[1]);
      const read = await f.readExportFile(process.argv[2]);
      const collected = await f.collectExportFiles([process.argv[3]]);
      process.stdout.write(JSON.stringify({ read, collected }));
    })();`;
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(tree, 'locked'), 0o000);
    fs.chmodSync(path.join(tree, 'locked.flow'), 0o000);
    // A process: only a child can drop root for a user the permission bits apply to.
    const run = spawnSync(process.execPath, ['-e', script, lib, path.join(tree, 'locked.flow'), tree], { uid: 65534, gid: 65534, cwd: dir, encoding: 'utf8' });
    if (run.error || run.status !== 0) throw new Error(`could not read the tree as nobody (uid 65534): ${run.error?.message ?? run.stderr}`);
    return JSON.parse(run.stdout) as Outcome;
  }

  it('reports an unreadable file and an unlistable folder, and goes on', async () => {
    expect.assertions(3);
    const outcome = await readLockedTree();
    const tree = path.join(dir, 'tree');
    expect(outcome.read).toEqual({ ok: false, file: path.join(tree, 'locked.flow'), code: 'unreadable', reason: 'cannot read: permission denied' });
    // The locked file is still listed (its folder is readable); reading it is what fails.
    expect(outcome.collected.files).toEqual([path.join(tree, 'locked.flow'), path.join(tree, 'open', 'y.flow')]);
    expect(outcome.collected.problems).toEqual([
      { file: path.join(tree, 'locked'), code: 'unreadable', reason: 'cannot list folder: permission denied' },
    ]);
  });
});
