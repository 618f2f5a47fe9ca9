import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'fs';
import * as path from 'path';
import type { ExportErrorCode, ExportReadResult } from './types';
import { readExport } from './read';
import { readBoundedSync } from '../../util/bounded-read';
import { limit, LIMIT_DEFAULTS } from '../../util/limits';
import { compareStrings } from '../../util/compare';

/** Real exports are at most a few MB; anything far larger is refused before it is read (WF_SCOPES_MAX_INPUT_BYTES). */
export const DEFAULT_MAX_BYTES = LIMIT_DEFAULTS.maxInput;

/** Extensions picked up when walking folders. A file named explicitly is read whatever its name. */
export const EXPORT_EXTENSIONS: readonly string[] = ['.flow', '.folder', '.flopack'];

/**
 * Also picked up when walking, but read as an export only when its content is one: template
 * repositories store flopacks as `workflow.json`, next to JSON files of every other kind.
 */
export const JSON_EXTENSION = '.json';

/** Folders a walk never enters unless they are named explicitly (as a linter does); hidden ones too. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules'];

export interface ReadFileOptions {
  /** Refuse files larger than this many bytes (default: WF_SCOPES_MAX_INPUT_BYTES, else `DEFAULT_MAX_BYTES`). */
  maxBytes?: number;
}

export interface FileProblem {
  file: string;
  code: ExportErrorCode;
  reason: string;
}

export interface CollectedFiles {
  /** Export files to read, sorted, each real file once. */
  files: string[];
  /**
   * The subset of `files` found by walking a folder rather than named: each is read as an export only
   * when its content has the shape of one (see `scanFiles`). Sorted.
   */
  walked: string[];
  /** Paths that could not be used (missing, unreadable folder, dangling symlink, symlink loop), sorted. */
  problems: FileProblem[];
  /** Symlinks a walk did not follow because they lead outside the folder being walked, sorted. */
  skipped: SkippedFile[];
}

// Structural checks, not `instanceof Error`: errors from Node internals may come from another realm (jest).
function errCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : '';
}
function errMessage(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string' ? e.message : String(e);
}

function fsProblem(file: string, e: unknown, doing: string): FileProblem {
  const code = errCode(e);
  if (code === 'ENOENT') return { file, code: 'not-found', reason: `${doing}: no such file or folder` };
  if (code === 'EACCES' || code === 'EPERM') return { file, code: 'unreadable', reason: `${doing}: permission denied` };
  if (code === 'ELOOP') return { file, code: 'symlink-loop', reason: `${doing}: too many levels of symbolic links` };
  if (code === 'EISDIR') return { file, code: 'not-a-file', reason: `${doing}: it is a folder` };
  return { file, code: 'unreadable', reason: `${doing}: ${errMessage(e)}` };
}

/**
 * Reads one export file. The size is checked on the open file before reading, so a huge file is
 * refused without being loaded, and the read itself stops at the limit in case the file grows.
 */
export async function readExportFile(file: string, opts: ReadFileOptions = {}): Promise<ExportReadResult> {
  return readExportFileSync(file, opts);
}

function readExportFileSync(file: string, opts: ReadFileOptions): ExportReadResult {
  const text = readText(file, opts);
  return typeof text === 'string' ? readExport(text, file) : text;
}

/** The file's text, or why it cannot be had (missing, not a regular file, too large, not UTF-8, …). */
function readText(file: string, opts: ReadFileOptions): string | Extract<ExportReadResult, { ok: false }> {
  const read = readBoundedSync(file, { maxBytes: opts.maxBytes ?? limit('maxInput') });
  if (!read.ok) {
    const reason = read.code === 'too-large' || read.code === 'not-utf8' ? read.reason : `cannot read: ${read.reason}`;
    const code: ExportErrorCode = read.code === 'not-utf8' ? 'not-utf8' : read.code;
    return { ok: false, file, code, reason: read.code === 'not-utf8' ? 'not a text file: the bytes are not valid UTF-8 (an archive or a binary?)' : reason };
  }
  return read.text;
}

/** True when `real` is `root` or lies under it (both real paths). */
function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

/**
 * Expands files and folders into the export files to read. Folders are walked recursively for
 * `.flow`, `.folder`, `.flopack` and `.json` files, like a linter: hidden entries and `node_modules`
 * are skipped unless named explicitly. A symlink met by a walk is followed only when its target lies
 * inside the folder named (that folder's real path): one leading out of it is not followed and is
 * listed in `skipped`. Paths named explicitly are used whatever they link to. Each real folder and file
 * is visited once, and a symlink back to a folder being walked is reported as a loop, so walks end.
 * Problems are reported and the walk goes on.
 */
export async function collectExportFiles(paths: string[]): Promise<CollectedFiles> {
  return collectExportFilesSync(paths);
}

function collectExportFilesSync(paths: string[]): CollectedFiles {
  const c = new ExportCollector();
  for (const p of paths) c.addNamed(p);
  const { files, walked, problems, skipped } = c;
  files.sort(compareStrings);
  problems.sort((a, b) => compareStrings(a.file, b.file));
  skipped.sort((a, b) => compareStrings(a.file, b.file));
  return { files, walked: files.filter((f) => walked.has(f)), problems, skipped };
}

/** The state of one collection: what was found, what went wrong, and what was visited already. */
class ExportCollector {
  readonly files: string[] = [];
  readonly walked = new Set<string>();
  readonly problems: FileProblem[] = [];
  readonly skipped: SkippedFile[] = [];
  /** Real path → the path it was first reached by. */
  private readonly seenFiles = new Map<string, string>();
  private readonly seenDirs = new Set<string>();

  /** A path the user named: a folder is walked, a file is read whatever it links to. */
  addNamed(p: string): void {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const dangling = errCode(e) === 'ENOENT' && isSymlink(p);
      this.problems.push(dangling ? { file: p, code: 'not-found', reason: 'dangling symlink: its target does not exist' } : fsProblem(p, e, 'cannot open'));
      return;
    }
    if (st.isDirectory()) {
      let root: string;
      try {
        root = realpathSync.native(p);
      } catch (e) {
        this.problems.push(fsProblem(p, e, 'cannot resolve'));
        return;
      }
      this.walkDir(p, new Set(), root);
    }
    else if (st.isFile()) this.addFile(p, false);
    else this.problems.push({ file: p, code: 'not-a-file', reason: 'not a regular file or folder' });
  }

  /** `knownReal`: the real path when the walk knows it (a plain file in a folder whose real path it has). */
  private addFile(file: string, byWalk: boolean, knownReal?: string): void {
    let real: string;
    try {
      real = knownReal ?? realpathSync.native(file);
    } catch (e) {
      this.problems.push(fsProblem(file, e, 'cannot resolve'));
      return;
    }
    const first = this.seenFiles.get(real);
    if (first !== undefined) {
      // Named explicitly after a walk reached it: the user's word wins, it is read as an export.
      if (!byWalk) this.walked.delete(first);
      return;
    }
    this.seenFiles.set(real, file);
    this.files.push(file);
    if (byWalk) this.walked.add(file);
  }

  // `ancestors` holds the real paths of the folders being walked: meeting one again is a loop.
  // `root` is the real path of the folder named: symlinks leading out of it are not followed.
  private walkDir(dir: string, ancestors: Set<string>, root: string): void {
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch (e) {
      this.problems.push(fsProblem(dir, e, 'cannot resolve'));
      return;
    }
    if (ancestors.has(real)) {
      this.problems.push({ file: dir, code: 'symlink-loop', reason: `symlink loop: leads back to ${real}; not followed` });
      return;
    }
    if (this.seenDirs.has(real)) return; // reached again by another route: already walked
    this.seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    } catch (e) {
      this.problems.push(fsProblem(dir, e, 'cannot list folder'));
      return;
    }
    const inner = new Set(ancestors).add(real);
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || SKIPPED_FOLDERS.includes(name)) continue;
      const full = path.join(dir, name);
      // A plain file or folder (no symlink) needs no stat: its type is known, its real path too.
      if (entry.isFile()) {
        if (isCandidate(name)) this.addFile(full, true, path.join(real, name));
        continue;
      }
      const kind = entry.isDirectory() ? 'folder' : this.entryKind(full, name, root);
      if (kind === 'folder') this.walkDir(full, inner, root);
      else if (kind === 'file') this.addFile(full, true);
    }
  }

  /** What a walk does with one entry: walk it, read it, or pass it by (reporting why when it is a problem). */
  private entryKind(full: string, name: string, root: string): 'folder' | 'file' | undefined {
    let st;
    try {
      st = statSync(full); // follows symlinks
    } catch (e) {
      const dangling = errCode(e) === 'ENOENT' && isSymlink(full);
      this.problems.push(
        dangling
          ? { file: full, code: 'not-found', reason: 'dangling symlink: its target does not exist' }
          : fsProblem(full, e, 'cannot inspect'),
      );
      return undefined;
    }
    const candidate = st.isDirectory() || (st.isFile() && isCandidate(name));
    if (!candidate) return undefined;
    if (isSymlink(full)) {
      let target: string;
      try {
        target = realpathSync.native(full);
      } catch (e) {
        this.problems.push(fsProblem(full, e, 'cannot resolve'));
        return undefined;
      }
      if (!isInside(root, target)) {
        const what = st.isDirectory() ? 'folder' : 'file';
        this.skipped.push({ file: full, reason: `symlink to the ${what} ${target}, outside the scanned folder ${root}: not followed` });
        return undefined;
      }
    }
    return st.isDirectory() ? 'folder' : 'file';
  }
}

function isCandidate(name: string): boolean {
  const ext = path.extname(name).toLowerCase();
  return ext === JSON_EXTENSION || EXPORT_EXTENSIONS.includes(ext);
}

/** A file a folder walk found but did not read as an export, and why (shown as a note). */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** `"type": "flopack"` anywhere: the one field every export has (§1); its absence means "not an export". */
const FLOPACK_MARKER = /"type"\s*:\s*"flopack"/;

/**
 * Reads a file a folder walk found. Its content decides: a flopack (even a damaged one) is read and
 * its problems reported; anything else is skipped, with a note when its extension claimed an export
 * (a `.js.flow` type file, a table export), silently for other JSON files.
 */
function readWalkedFile(file: string, opts: ReadFileOptions): ExportReadResult | SkippedFile | undefined {
  const json = path.extname(file).toLowerCase() === JSON_EXTENSION;
  const skip = (reason: string): SkippedFile | undefined => (json ? undefined : { file, reason });
  const text = readText(file, opts);
  if (typeof text !== 'string') {
    if (text.code === 'not-utf8') return skip('not an Okta Workflows export: not a text file');
    return json && text.code === 'too-large' ? undefined : text;
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start === '') return json ? undefined : readExport(text, file); // an empty export: cut short?
  if (!start.startsWith('{')) return skip('not an Okta Workflows export: the content is not a JSON object');
  if (FLOPACK_MARKER.test(body)) return readExport(text, file);
  if (json) return undefined; // JSON of another kind: not ours, and not worth parsing
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // A damaged file that claims to be an export by its extension still fails.
    return readExport(text, file);
  }
  const type = typeof parsed === 'object' && parsed !== null && 'type' in parsed ? parsed.type : undefined;
  return skip(`not an Okta Workflows export: JSON without a flow shape${typeof type === 'string' ? ` ("type" is ${JSON.stringify(type.slice(0, 40))})` : ''}`);
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export interface ScanResult {
  /** One result per export file plus one per path problem, sorted by file. */
  results: ExportReadResult[];
  /**
   * Paths a folder walk passed over, with why, sorted: files whose extension claims an export but whose
   * content is none, and symlinks leading outside the folder named.
   */
  skipped: SkippedFile[];
  /** Wall-clock time of the whole scan. */
  elapsedMs: number;
}

/** Collects and reads every export under `paths` (the measurement behind the corpus benchmark). */
export async function scanFiles(paths: string[], opts: ReadFileOptions = {}): Promise<ScanResult> {
  const start = process.hrtime.bigint();
  const { files, walked, problems, skipped: notFollowed } = collectExportFilesSync(paths);
  const byWalk = new Set(walked);
  const results: ExportReadResult[] = problems.map((p) => ({ ok: false, ...p }));
  const skipped: SkippedFile[] = [...notFollowed];
  // One file at a time, synchronously: parsing dominates and exports come from the page cache, so
  // overlapping reads saved nothing and each await cost a turn of the event loop; one file's text is
  // held at a time.
  for (const file of files) {
    if (!byWalk.has(file)) {
      results.push(readExportFileSync(file, opts));
      continue;
    }
    const r = readWalkedFile(file, opts);
    if (r === undefined) continue;
    if ('ok' in r) results.push(r);
    else skipped.push(r);
  }
  results.sort((a, b) => compareStrings(a.ok ? a.export.file : a.file, b.ok ? b.export.file : b.file));
  skipped.sort((a, b) => compareStrings(a.file, b.file));
  return { results, skipped, elapsedMs: Number(process.hrtime.bigint() - start) / 1e6 };
}
