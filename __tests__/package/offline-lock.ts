/**
 * A package-lock.json for a project outside the repository, cut from the repository's own lock: the
 * same versions and integrities for the project's dependencies and all they need, and the wf-scopes
 * tarball as a file dependency. With it, `npm install --offline` takes every package from the npm
 * cache (by integrity; `npm ci` of the repository put them there) and asks no registry for anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

interface Lock {
  packages: Record<string, LockEntry>;
}

export interface ProjectPackage {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Where node would find `name` from the package at `from` in the lock's tree (`''` is the root). */
function locate(packages: Lock['packages'], from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const at = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (packages[at]) return at;
    if (dir === '') return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

/** The registry URL npm would write for an entry (the lock of the repository leaves `resolved` out). */
function registryUrl(at: string, version: string): string {
  const name = at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/** The lock for `pkg`, whose `wf-scopes` dependency is the tarball `tarball` (a path relative to the project). */
export function offlineLock(root: string, pkg: ProjectPackage, tarball: string): string {
  const repo = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;
  const own = repo.packages[''];
  const out: Record<string, LockEntry> = {};
  const wanted = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => n !== 'wf-scopes');
  const queue: string[] = [...wanted, ...Object.keys(own.dependencies ?? {})].map((n) => {
    const at = locate(repo.packages, '', n);
    if (!at) throw new Error(`the repository's lock has no ${n}`);
    return at;
  });
  for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
    if (out[at]) continue;
    // The flags of the repository's tree (dev, peer) are recomputed by npm for the project's.
    const entry: LockEntry = { ...repo.packages[at] };
    delete entry.dev;
    delete entry.devOptional;
    delete entry.peer;
    if (!entry.resolved && !entry.link && entry.version) entry.resolved = registryUrl(at, entry.version);
    out[at] = entry;
    const optional = new Set([...Object.keys(entry.optionalDependencies ?? {}), ...Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n)]);
    for (const n of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const dep = locate(repo.packages, at, n);
      if (dep) queue.push(dep);
      else if (!optional.has(n)) throw new Error(`the repository's lock has no ${n} for ${at}`);
    }
  }
  const lock = {
    name: pkg.name,
    version: pkg.version ?? '0.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: pkg.name, version: pkg.version ?? '0.0.0', dependencies: pkg.dependencies, devDependencies: pkg.devDependencies },
      'node_modules/wf-scopes': { version: own.version, resolved: `file:${tarball}`, license: own.license, dependencies: own.dependencies, bin: own.bin, engines: own.engines },
      ...out,
    },
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}
