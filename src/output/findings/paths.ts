import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

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
