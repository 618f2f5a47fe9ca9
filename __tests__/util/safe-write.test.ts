import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitWrite, matchTextStyle, openTarget, SafeWriteError, writeFileSafely } from '../../src/util/safe-write';

const ROOT = join(__dirname, '..', '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-safe-write-'));
});

/** No temporary file is ever left behind. */
const leftovers = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

async function refusal(p: Promise<unknown>): Promise<SafeWriteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SafeWriteError) return e;
    throw e;
  }
  throw new Error('expected a SafeWriteError');
}

describe('only regular files are written', () => {
  test('a FIFO is refused at once (opening it for reading would block)', async () => {
    const fifo = join(dir, 'scopes.yaml');
    spawnSync('mkfifo', [fifo]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const e = await refusal(writeFileSafely(fifo, 'x'));
    expect(e.problem).toBe('not-a-file');
    expect(e.message).toContain('FIFO');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test('/dev/null is refused and stays a device', async () => {
    const e = await refusal(writeFileSafely('/dev/null', 'x'));
    expect(e.message).toContain('a device, not a regular file');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('a device node made with mknod in a temp folder is refused', async () => {
    const node = join(dir, 'null');
    const made = spawnSync('mknod', [node, 'c', '1', '3']);
    if (made.status !== 0) {
      // Not permitted here (no CAP_MKNOD): /dev/null above covers the same path through the code.
      // eslint-disable-next-line no-console -- a skipped case says so
      console.warn(`skipped: mknod not permitted (${made.stderr.toString().trim()})`);
      return;
    }
    const e = await refusal(writeFileSafely(node, 'x'));
    expect(e.problem).toBe('not-a-file');
    expect(lstatSync(node).isCharacterDevice()).toBe(true);
  });

  test('a socket and a folder are refused', async () => {
    const sock = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      expect((await refusal(writeFileSafely(sock, 'x'))).message).toContain('socket');
    } finally {
      server.close();
    }
    mkdirSync(join(dir, 'folder'));
    expect((await refusal(writeFileSafely(join(dir, 'folder'), 'x'))).message).toContain('folder');
  });
});

describe('existing files', () => {
  test('an existing empty file is an existing file', async () => {
    const f = join(dir, 'empty.yaml');
    writeFileSync(f, '');
    chmodSync(f, 0o640);
    const t = await openTarget(f);
    expect(t.existing?.text).toBe('');
    await commitWrite(t, 'version: 1\n');
    expect(readFileSync(f, 'utf8')).toBe('version: 1\n');
    expect(statSync(f).mode & 0o777).toBe(0o640);
  });

  test('read-only: refused unless forced; forced keeps the mode', async () => {
    const f = join(dir, 'ro.yaml');
    writeFileSync(f, 'old\n');
    chmodSync(f, 0o444);
    const e = await refusal(writeFileSafely(f, 'new\n'));
    expect(e.problem).toBe('read-only');
    expect(e.hint).toContain('--force');
    expect(readFileSync(f, 'utf8')).toBe('old\n');
    await writeFileSafely(f, 'new\n', { force: true });
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(statSync(f).mode & 0o777).toBe(0o444);
  });

  test('a hard-linked file is refused, both names untouched', async () => {
    const f = join(dir, 'a.yaml');
    writeFileSync(f, 'old\n');
    linkSync(f, join(dir, 'b.yaml'));
    const e = await refusal(writeFileSafely(f, 'new\n'));
    expect(e.problem).toBe('hard-linked');
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toBe('old\n');
    expect(statSync(f).nlink).toBe(2);
  });

  test('a symlink is written through: the link stays a link', async () => {
    const real = join(dir, 'real.yaml');
    writeFileSync(real, 'old\n');
    symlinkSync(real, join(dir, 'link.yaml'));
    await writeFileSafely(join(dir, 'link.yaml'), 'new\n');
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.yaml'));
    expect((await refusal(writeFileSafely(join(dir, 'dangling.yaml'), 'x'))).problem).toBe('not-a-file');
  });

  test('CRLF line endings, a byte-order mark and the mode are kept', async () => {
    const f = join(dir, 'crlf.yaml');
    writeFileSync(f, '\uFEFFversion: 1\r\norgs: []\r\n');
    chmodSync(f, 0o600);
    await writeFileSafely(f, 'version: 1\norgs: []\nflows: []\n');
    expect(readFileSync(f, 'utf8')).toBe('\uFEFFversion: 1\r\norgs: []\r\nflows: []\r\n');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(matchTextStyle('a\nb\n', 'x\ny\n')).toBe('a\nb\n');
  });
});

describe('what changed meanwhile is never overwritten', () => {
  test('an edit saved between read and rename: refused, the edit kept, no temp file left', async () => {
    const f = join(dir, 'scopes.yaml');
    writeFileSync(f, 'version: 1\n');
    const t = await openTarget(f);
    const e = await refusal(commitWrite(t, 'merged\n', { beforeRename: async () => writeFileSync(f, 'version: 1\n# my edit\n') }));
    expect(e.problem).toBe('changed');
    expect(readFileSync(f, 'utf8')).toBe('version: 1\n# my edit\n');
    expect(leftovers()).toEqual([]);
  });

  test('a file created meanwhile where none was: refused, not replaced', async () => {
    const f = join(dir, 'new.yaml');
    const t = await openTarget(f);
    expect(t.existing).toBeUndefined();
    const e = await refusal(commitWrite(t, 'merged\n', { beforeRename: async () => writeFileSync(f, 'theirs\n') }));
    expect(e.problem).toBe('appeared');
    expect(readFileSync(f, 'utf8')).toBe('theirs\n');
    expect(leftovers()).toEqual([]);
    await writeFileSafely(join(dir, 'fresh.yaml'), 'x\n');
    expect(statSync(join(dir, 'fresh.yaml')).nlink).toBe(1);
  });
});

test.each(['SIGTERM', 'SIGINT'] as const)('%s mid-write removes the temporary file and ends the process by that signal', async (signal) => {
  const f = join(dir, 'scopes.yaml');
  writeFileSync(f, 'old\n');
  // The compiled module (jest's global setup builds dist/): a real process, a real signal.
  const script = `
    const { writeFileSafely } = require(${JSON.stringify(join(ROOT, 'dist', 'src', 'util', 'safe-write.js'))});
    writeFileSafely(${JSON.stringify(f)}, 'new\\n', { beforeRename: () => { process.stdout.write('ready\\n'); return new Promise(() => setInterval(() => {}, 1000)); } });
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => child.stdout.once('data', () => r()));
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
  const exit = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
  child.kill(signal);
  expect(await exit).toBe(signal);
  expect(leftovers()).toEqual([]);
  expect(readFileSync(f, 'utf8')).toBe('old\n');
  expect(existsSync(f)).toBe(true);
});
