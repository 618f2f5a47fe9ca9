import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

let cached: string | undefined;

/**
 * The project root (the folder holding `schema/` and `data/`), found by walking up from this file so
 * that it works from `src/` under ts-jest and from compiled `dist/src/` alike.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'schema', 'scopes.schema.json'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`wf-scopes: cannot find schema/scopes.schema.json above ${__dirname}`);
    dir = up;
  }
}

/**
 * How every report shows a file: `file` (as given, relative to `cwd`) relative to `baseDir` with `/`
 * separators when inside it; else as given, with `/` separators, so that a report neither depends on
 * the platform nor shows the machine's absolute folders for a path the user typed relative.
 */
export function displayPath(file: string, cwd: string, baseDir: string = cwd): string {
  const rel = relative(resolve(baseDir), resolve(cwd, file));
  const outside = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  return (outside ? file : rel).split(sep).join('/');
}
