import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { readBounded } from './bounded-read';

/**
 * Every file wf-scopes writes goes through here, in two steps:
 *
 * 1. `openTarget` looks at the target before anything is computed from it: a symlink is followed
 *    (the file it points to is written, the link stays), anything but a regular file (device, FIFO,
 *    socket, folder) is refused, and the current text is read (bounded) and hashed. An existing
 *    empty file is an existing file.
 * 2. `commitWrite` writes the new text to a temporary file beside the target, with the target's line
 *    endings (CRLF stays CRLF), byte-order mark and mode, flushes it, checks that the target still
 *    holds exactly what step 1 read (or still does not exist), and renames the temporary file over it.
 *    A reader sees the old file or the new one, never half of one.
 *
 * Refused unless `force`: a read-only target. Always refused: a target with several hard links (a
 * rename would silently split them, and writing in place would not be atomic). Temporary files are
 * removed if the process is interrupted (SIGINT, SIGTERM, SIGHUP) mid-write.
 */

export type SafeWriteProblem = 'not-a-file' | 'read-only' | 'hard-linked' | 'changed' | 'appeared' | 'too-large' | 'unreadable';

export class SafeWriteError extends Error {
  constructor(
    readonly problem: SafeWriteProblem,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'SafeWriteError';
  }
}

export interface WriteTarget {
  /** As the user named it (for messages). */
  readonly named: string;
  /** The file actually written: `named` with symlinks resolved. */
  readonly real: string;
  /** What the file held when it was opened; undefined when it did not exist. */
  readonly existing?: { text: string; sha256: string; mode: number; nlink: number };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export async function openTarget(named: string, cap: 'maxInput' | 'maxYaml' = 'maxYaml'): Promise<WriteTarget> {
  let real: string;
  try {
    real = await fs.realpath(named);
  } catch (e) {
    if (errCode(e) !== 'ENOENT') throw new SafeWriteError('unreadable', `cannot resolve ${named}: ${errCode(e) ?? String(e)}`);
    // A new file, or a dangling symlink: writing through a dangling link would create its target
    // somewhere the user may not expect, so a link must point at something that exists.
    const isLink = await fs.lstat(named).then((s) => s.isSymbolicLink(), () => false);
    if (isLink) throw new SafeWriteError('not-a-file', `${named} is a symbolic link to a file that does not exist`, 'create the target first, or remove the link');
    return { named, real: path.resolve(named) };
  }
  const read = await readBounded(real, { cap });
  if (!read.ok) {
    if (read.code === 'not-a-file') throw new SafeWriteError('not-a-file', `refusing to write ${named}: ${read.reason}`, 'name a regular file (or a new one)');
    if (read.code === 'too-large') throw new SafeWriteError('too-large', `refusing to write ${named}: ${read.reason}`);
    throw new SafeWriteError('unreadable', `cannot read ${named}: ${read.reason}`);
  }
  const st = await fs.stat(real);
  return { named, real, existing: { text: read.text, sha256: sha256(read.text), mode: st.mode & 0o7777, nlink: st.nlink } };
}

/** Gives `text` the line endings and byte-order mark of `like`. */
export function matchTextStyle(text: string, like: string): string {
  const crlf = (like.match(/\r\n/g) ?? []).length;
  const lf = (like.match(/\n/g) ?? []).length - crlf;
  let out = text.replace(/\r\n/g, '\n');
  if (crlf > 0 && crlf >= lf) out = out.replace(/\n/g, '\r\n');
  const bom = '\uFEFF';
  if (like.startsWith(bom) && !out.startsWith(bom)) out = bom + out;
  return out;
}

async function isReadOnly(file: string, mode: number): Promise<boolean> {
  if ((mode & 0o222) === 0) return true; // root may write it anyway; the owner said not to
  return fs.access(file, constants.W_OK).then(
    () => false,
    () => true,
  );
}

export interface CommitOptions {
  /** Write a read-only target anyway (its mode is kept). */
  force?: boolean;
  /** Test seam: runs after the temporary file is complete, just before the final check and rename. */
  beforeRename?: () => Promise<void>;
}

export async function commitWrite(target: WriteTarget, text: string, opts: CommitOptions = {}): Promise<void> {
  const { named, real, existing } = target;
  if (existing) {
    if (existing.nlink > 1) {
      throw new SafeWriteError(
        'hard-linked',
        `refusing to write ${named}: it has ${existing.nlink} hard links, and replacing it would split them`,
        'copy it to a file of its own first (cp FILE FILE.new && mv FILE.new FILE), or write to another file',
      );
    }
    if (!opts.force && (await isReadOnly(real, existing.mode))) {
      throw new SafeWriteError('read-only', `refusing to write ${named}: it is read-only`, 'make it writable, or pass --force to replace it (its mode is kept)');
    }
  }
  const out = existing ? matchTextStyle(text, existing.text) : text;
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = existing?.mode;
  track(tmp);
  try {
    const handle = await fs.open(tmp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(out, 'utf8');
      // open() applies the umask; chmod restores the existing file's exact mode.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.beforeRename) await opts.beforeRename();
    if (existing) {
      await checkUnchanged(target);
      await fs.rename(tmp, real);
    } else {
      await createExclusive(tmp, real, named);
    }
  } finally {
    await fs.rm(tmp, { force: true });
    untrack(tmp);
  }
}

/** The target must still hold what openTarget read: an edit saved meanwhile is never overwritten. */
async function checkUnchanged(target: WriteTarget): Promise<void> {
  // Read no more than the old size + 1: a file that grew has changed, whatever it holds.
  const now = await readBounded(target.real, { maxBytes: Buffer.byteLength(target.existing?.text ?? '') + 1 }).catch(() => undefined);
  const st = await fs.lstat(target.real).catch(() => undefined);
  if (!now?.ok || !st?.isFile() || sha256(now.text) !== target.existing?.sha256) {
    throw new SafeWriteError('changed', `refusing to write ${target.named}: it changed while wf-scopes was working on it`, 'run the command again on the current file');
  }
}

/** A new file: link() fails if one appeared meanwhile, where rename() would replace it. */
async function createExclusive(tmp: string, real: string, named: string): Promise<void> {
  try {
    await fs.link(tmp, real);
  } catch (e) {
    if (errCode(e) === 'EEXIST') {
      throw new SafeWriteError('appeared', `refusing to write ${named}: it was created while wf-scopes was working`, 'run the command again, to merge into it');
    }
    // File systems without hard links: check, then rename (a narrower race, still caught most times).
    if (errCode(e) !== 'EPERM' && errCode(e) !== 'ENOTSUP' && errCode(e) !== 'EOPNOTSUPP') throw e;
    const exists = await fs.lstat(real).then(() => true, () => false);
    if (exists) throw new SafeWriteError('appeared', `refusing to write ${named}: it was created while wf-scopes was working`, 'run the command again, to merge into it');
    await fs.rename(tmp, real);
  }
}

// Temporary files in flight, removed if a signal ends the process before the rename.
const inFlight = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onSignal(signal: NodeJS.Signals): void {
  for (const f of inFlight) {
    try {
      unlinkSync(f);
    } catch {
      // Already renamed or removed.
    }
  }
  inFlight.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Die of the same signal, as if we had not caught it (exit status 128 + n for the shell).
  process.kill(process.pid, signal);
}

function track(file: string): void {
  if (inFlight.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  inFlight.add(file);
}

function untrack(file: string): void {
  inFlight.delete(file);
  if (inFlight.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/**
 * Opens, then commits: for callers that compute the text without reading the target. `cap` bounds the
 * existing file read for the unchanged-before-rename check: a generated report may be far larger
 * than a scopes.yaml.
 */
export async function writeFileSafely(named: string, text: string, opts: CommitOptions & { cap?: 'maxInput' | 'maxYaml' } = {}): Promise<void> {
  const { cap, ...commit } = opts;
  await commitWrite(await openTarget(named, cap), text, commit);
}
