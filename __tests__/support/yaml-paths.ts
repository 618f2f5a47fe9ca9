import type { PathSeg } from '../../src/util/yaml-locator';

export interface NodePath {
  path: PathSeg[];
  key?: string;
}

/**
 * Every path of a parsed value, keys included, depth first: what a locator must place. With
 * `missing`, also a path and a key below each node that do not exist (a locator must agree on those too).
 */
export function yamlPaths(value: unknown, options: { missing?: boolean } = {}, prefix: PathSeg[] = []): NodePath[] {
  const out: NodePath[] = [{ path: prefix }];
  if (options.missing) out.push({ path: [...prefix, 'missing', 0] }, { path: prefix, key: 'missing' });
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...yamlPaths(v, options, [...prefix, i])));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: prefix, key: k });
      out.push(...yamlPaths(v, options, [...prefix, k]));
    }
  }
  return out;
}
