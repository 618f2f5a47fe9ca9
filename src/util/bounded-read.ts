import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, promises as fsp, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { limit, LIMIT_ENV } from './limits';

/**
 * The one way wf-scopes reads an input file (scopes.yaml, `terraform show -json` output, exports):
 * regular files only, up to a size cap, as UTF-8 text.
 *
 * The file is opened with O_NONBLOCK and checked with fstat on that same descriptor: opening a FIFO
 * for reading would otherwise block until a writer came, and a stat before the open could be raced.
 */

export type ReadProblemCode = 'not-found' | 'not-a-file' | 'too-large' | 'unreadable' | 'not-utf8' | 'symlink-loop';

export type BoundedRead = { ok: true; text: string } | { ok: false; code: ReadProblemCode; reason: string };

export interface BoundedReadOptions {
  /** Which cap applies (default `maxInput`, the JSON inputs' one). */
  cap?: 'maxInput' | 'maxYaml';
  /** Overrides the cap. */
  maxBytes?: number;
}

/** Files from this size on are read as bytes of a known length (see readBoundedSync). */
const ONE_STEP_MAX = 1024 * 1024;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  if (st.isSocket()) return 'a socket, not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device, not a regular file';
  return 'not a regular file';
}

export function problemOf(e: unknown): { ok: false; code: ReadProblemCode; reason: string } {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'ENOENT') return { ok: false, code: 'not-found', reason: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, code: 'unreadable', reason: 'permission denied' };
  if (code === 'ELOOP') return { ok: false, code: 'symlink-loop', reason: 'too many levels of symbolic links' };
  if (code === 'EISDIR') return { ok: false, code: 'not-a-file', reason: 'a folder' };
  return { ok: false, code: 'unreadable', reason: code || (e instanceof Error ? e.message : String(e)) };
}

/** A socket cannot be opened at all (ENXIO): say what the path is rather than the errno. */
function openProblem(file: string, e: unknown, stat: () => Stats): { ok: false; code: ReadProblemCode; reason: string } {
  const p = problemOf(e);
  if (p.code !== 'unreadable' || p.reason === 'permission denied') return p;
  try {
    const kind = kindOf(stat());
    if (kind) return { ok: false, code: 'not-a-file', reason: kind };
  } catch {
    // Keep the open error.
  }
  return p;
}

function tooLarge(size: string, maxBytes: number, cap: 'maxInput' | 'maxYaml'): BoundedRead {
  return { ok: false, code: 'too-large', reason: `too large to read: ${size} bytes, the limit is ${maxBytes} bytes (${LIMIT_ENV[cap]})` };
}

function decode(buf: Buffer): BoundedRead {
  // ASCII reads the same in Latin-1, which copies bytes as they are instead of decoding them (a 2 MB
  // declaration: about 0.3 ms instead of 10).
  if (isAscii(buf)) return { ok: true, text: buf.toString('latin1') };
  if (!isUtf8(buf)) return { ok: false, code: 'not-utf8', reason: 'not a text file: the bytes are not valid UTF-8' };
  return { ok: true, text: buf.toString('utf8') };
}

/** Reads up to maxBytes + 1 bytes, so that a file that grew after fstat is still caught. */
function grow(buf: Buffer, len: number, maxBytes: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.min(Math.max(buf.length * 2, 4096), maxBytes + 1));
  buf.copy(bigger, 0, 0, len);
  return bigger;
}

export function readBoundedSync(file: string, opts: BoundedReadOptions = {}): BoundedRead {
  const cap = opts.cap ?? 'maxInput';
  const maxBytes = opts.maxBytes ?? limit(cap);
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (e) {
    return openProblem(file, e, () => statSync(file));
  }
  try {
    const st = fstatSync(fd);
    const notFile = kindOf(st);
    if (notFile) return { ok: false, code: 'not-a-file', reason: notFile };
    if (st.size > maxBytes) return tooLarge(String(st.size), maxBytes, cap);
    // A large file (a 5,000-flow scopes.yaml) is read into a Buffer of its known size and decoded:
    // Node's one-step read of a descriptor grows its buffer chunk by chunk, half again slower at 2 MB.
    if (st.size >= ONE_STEP_MAX) return readBytesSync(fd, maxBytes, cap);
    // A small one (an export) Node reads and decodes in one native step, faster at that size. Invalid
    // UTF-8 decodes to U+FFFD, and text holding one is read again as bytes, which tell a real U+FFFD
    // from a bad byte. A file that grew past the cap after fstat is refused as before, once read.
    const text = readFileSync(fd, 'utf8');
    if (text.includes('\uFFFD')) return readBytesSync(fd, maxBytes, cap);
    if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes)) {
      return tooLarge(`more than ${maxBytes}`, maxBytes, cap);
    }
    return { ok: true, text };
  } catch (e) {
    return problemOf(e);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of the open regular file `fd` from its start, at most maxBytes, checked as UTF-8. */
function readBytesSync(fd: number, maxBytes: number, cap: 'maxInput' | 'maxYaml'): BoundedRead {
  let buf: Buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, maxBytes) + 1);
  let len = 0;
  for (;;) {
    if (len === buf.length) {
      if (buf.length > maxBytes) return tooLarge(`more than ${maxBytes}`, maxBytes, cap);
      buf = grow(buf, len, maxBytes);
    }
    const n = readSync(fd, buf, len, buf.length - len, len);
    if (n === 0) break;
    len += n;
  }
  if (len > maxBytes) return tooLarge(`more than ${maxBytes}`, maxBytes, cap);
  return decode(buf.subarray(0, len));
}

export async function readBounded(file: string, opts: BoundedReadOptions = {}): Promise<BoundedRead> {
  const cap = opts.cap ?? 'maxInput';
  const maxBytes = opts.maxBytes ?? limit(cap);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, OPEN_FLAGS);
  } catch (e) {
    return openProblem(file, e, () => statSync(file));
  }
  try {
    const st = await handle.stat();
    const notFile = kindOf(st);
    if (notFile) return { ok: false, code: 'not-a-file', reason: notFile };
    if (st.size > maxBytes) return tooLarge(String(st.size), maxBytes, cap);
    let buf: Buffer = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (buf.length > maxBytes) return tooLarge(`more than ${maxBytes}`, maxBytes, cap);
        buf = grow(buf, len, maxBytes);
      }
      const { bytesRead } = await handle.read(buf, len, buf.length - len, null);
      if (bytesRead === 0) break;
      len += bytesRead;
    }
    if (len > maxBytes) return tooLarge(`more than ${maxBytes}`, maxBytes, cap);
    return decode(buf.subarray(0, len));
  } catch (e) {
    return problemOf(e);
  } finally {
    await handle.close();
  }
}
