import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../util/paths';

let cached: { version: string; homepage?: string } | undefined;

function pkg(): { version: string; homepage?: string } {
  if (cached === undefined) {
    const p = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown; homepage?: unknown };
    cached = {
      version: typeof p.version === 'string' ? p.version : '0.0.0',
      ...(typeof p.homepage === 'string' && /^https?:\/\//.test(p.homepage) ? { homepage: p.homepage } : {}),
    };
  }
  return cached;
}

/** wf-scopes' version (--version, SARIF `tool.driver.version`): package.json is the one place it is kept. */
export function toolVersion(): string {
  return pkg().version;
}

/** package.json `homepage`: SARIF `informationUri` and the base of every rule's help URI (README `#wfs001`…). */
export function toolHomepage(): string | undefined {
  return pkg().homepage;
}
