// Reads and validates scopes.tsv: one row per OAuth scope, its kind and whether Okta grants it by default.
import { CatalogDataError } from './files';
import { readTsv } from './tsv';
import type { ScopeInfo } from './types';

export function loadScopes(path: string, label: string): ScopeInfo[] {
  const seen = new Set<string>();
  return readTsv(path, label, ['scope', 'kind', 'autoGranted', 'description', 'source']).map(({ line, cells }) => {
    const [name, kind, auto, description, source] = cells;
    const at = `line ${line}`;
    if (!/^[A-Za-z0-9_.:-]+$/.test(name)) throw new CatalogDataError(label, `${at}: bad scope name "${name}"`);
    if (seen.has(name)) throw new CatalogDataError(label, `${at}: duplicate scope "${name}"`);
    seen.add(name);
    if (kind === '') throw new CatalogDataError(label, `${at}: scope "${name}" has no kind`);
    if (auto !== 'true' && auto !== 'false') {
      throw new CatalogDataError(label, `${at}: autoGranted of "${name}" must be true or false`);
    }
    return { name, kind, description, source, autoGranted: auto === 'true' };
  });
}
