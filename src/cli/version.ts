import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../util/paths';

let cached: string | undefined;

/** wf-scopes' version (--version, SARIF `tool.driver.version`): package.json is the one place it is kept. */
export function toolVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
