// Reads and validates endpoint-scopes.tsv: one row per Okta API operation, its scopes, auth and lifecycle.
import { CatalogDataError } from './files';
import { readTsv } from './tsv';
import { ENDPOINT_AUTHS, type EndpointRow } from './types';

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function loadEndpoints(path: string, label: string, knownScope: (s: string) => boolean): EndpointRow[] {
  const seen = new Set<string>();
  return readTsv(path, label, ['method', 'path', 'operationId', 'scopes', 'spec', 'auth', 'lifecycle']).map(({ line, cells }) => {
    const [method, path, operationId, scopeText, spec, authText, lifecycle] = cells;
    const at = `line ${line}`;
    if (!HTTP_METHODS.has(method)) throw new CatalogDataError(label, `${at}: unknown method "${method}"`);
    if (!path.startsWith('/')) throw new CatalogDataError(label, `${at}: path must start with /`);
    const id = `${method} ${path}`;
    if (seen.has(id)) throw new CatalogDataError(label, `${at}: duplicate endpoint ${id}`);
    seen.add(id);
    const scopes = scopeText.split(' ').filter((s) => s !== '');
    for (const s of scopes) {
      if (!knownScope(s)) throw new CatalogDataError(label, `${at}: ${id} names unknown scope "${s}"`);
    }
    const auth = ENDPOINT_AUTHS.find((a) => a === authText);
    if (auth === undefined) throw new CatalogDataError(label, `${at}: ${id}: auth must be one of ${ENDPOINT_AUTHS.join(', ')}`);
    if ((auth === 'oauth') !== scopes.length > 0) {
      throw new CatalogDataError(label, `${at}: ${id}: auth ${auth} ${auth === 'oauth' ? 'needs scopes' : 'takes no scopes'}`);
    }
    if (!/^[A-Za-z_]+$/.test(lifecycle)) throw new CatalogDataError(label, `${at}: ${id}: bad lifecycle "${lifecycle}"`);
    return { method, path, operationId, scopes, spec, auth, lifecycle };
  });
}
