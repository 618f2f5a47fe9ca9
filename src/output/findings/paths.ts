import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FindingContext } from '../../rules/finding';

/**
 * A URI relative to baseDir with forward slashes, each segment percent-encoded so that spaces and `#`
 * stay valid. A file outside baseDir gets an absolute file: URI: `../` would point outside the
 * repository that code scanning maps URIs onto.
 */
export function artifactUri(file: string, baseDir: string): string {
  const base = path.resolve(baseDir);
  const abs = path.resolve(base, file);
  const rel = path.relative(base, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return pathToFileURL(abs).href;
  }
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

/** `file` (relative to ctx.cwd) relative to ctx.baseDir with `/` separators; as given when outside it. */
export function displayPath(file: string, ctx: Pick<FindingContext, 'baseDir' | 'cwd'>): string {
  const rel = path.relative(ctx.baseDir, path.resolve(ctx.cwd, file));
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
