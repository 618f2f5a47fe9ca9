import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
