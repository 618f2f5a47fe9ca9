import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainObject } from './json';
import { projectRoot } from './paths';

/** What wf-scopes reads of its own package.json: the one place its version and its dependencies' versions are kept. */
export interface OwnPackage {
  version: string;
  homepage?: string;
  dependencies: Readonly<Record<string, string>>;
  devDependencies: Readonly<Record<string, string>>;
}

let cached: OwnPackage | undefined;

function versions(v: unknown): Record<string, string> {
  if (!isPlainObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** wf-scopes' own package.json (in the repository, or in node_modules/wf-scopes once installed). */
export function ownPackage(): OwnPackage {
  if (cached === undefined) {
    const p: unknown = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8'));
    const doc = isPlainObject(p) ? p : {};
    cached = {
      version: typeof doc.version === 'string' ? doc.version : '0.0.0',
      ...(typeof doc.homepage === 'string' && /^https?:\/\//.test(doc.homepage) ? { homepage: doc.homepage } : {}),
      dependencies: versions(doc.dependencies),
      devDependencies: versions(doc.devDependencies),
    };
  }
  return cached;
}
