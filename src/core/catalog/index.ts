// The catalog module others import: loading (cached for the project's own data) and the Catalog it builds.
import { join, relative, resolve } from 'node:path';
import { utcDay } from '../../util/date';
import { stripBuilderSuffix } from '../../util/keys';
import { projectRoot } from '../../util/paths';
import { closest } from '../../util/suggest';
import { cardLookups } from './card-lookup';
import { buildTries, matchEndpoint } from './endpoint-match';
import { CARDS_FILE, CatalogDataError, ENDPOINTS_FILE, SCOPES_FILE } from './files';
import { connectionDefaults } from '../scopes';
import { readSnapshot, type CatalogData } from './snapshot';
import type { Catalog, ConnectorInfo, ScopeInfo } from './types';

export type * from './types';
export { CONNECTOR_KEYS, ENDPOINT_AUTHS, EVIDENCE_LEVELS, UNKNOWN_CHECKED, isDerived, notCallableByOAuthApp } from './types';

export { stripBuilderSuffix };
export { CatalogDataError };
export { pathSegments } from './endpoint-match';

let defaultDir: string | undefined;
let defaultCatalog: Catalog | undefined;

/** `<project root>/data`, found by walking up from this file (works from `src/` and from `dist/src/`). */
export function defaultDataDir(): string {
  return (defaultDir ??= join(projectRoot(), 'data'));
}

export interface LoadOptions {
  /**
   * `YYYY-MM-DD`: a source's `checked` day after it is an error (a reading cannot be in the future).
   * Default: today in UTC from the clock (not WF_SCOPES_TODAY: a pinned old day must not reject the data).
   */
  today?: string;
}

/**
 * Loads and validates the catalog. Without `dataDir` the project's own data is loaded once and shared
 * (from the build's snapshot when the data files are those it was made of); the returned objects are
 * frozen because every caller sees the same instance.
 */
export function loadCatalog(dataDir?: string, options: LoadOptions = {}): Catalog {
  const today = options.today ?? utcDay();
  if (dataDir === undefined && options.today === undefined) return (defaultCatalog ??= buildCatalog(defaultDataDir(), today, true));
  return buildCatalog(resolve(dataDir ?? defaultDataDir()), today, false);
}

/**
 * Freezes `value` and every object under it. It runs once per start, before anything is optimized:
 * an index loop that passes over strings and numbers without a call freezes the catalog's 3,500
 * objects in a quarter of the time that `for…of` over `Object.values` of each took.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  const items: readonly unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v === 'object' && v !== null) deepFreeze(v);
  }
  return value;
}

function buildCatalog(dataDir: string, today: string, useSnapshot: boolean): Catalog {
  // Labels in errors are relative to the cwd when that is shorter, so they read like `data/cards.yaml`.
  const label = (f: string): string => {
    const abs = join(dataDir, f);
    const rel = relative(process.cwd(), abs);
    return rel.length < abs.length ? rel : abs;
  };
  // The snapshot holds data a full load (this one, at build time) has already validated.
  const snapshot = useSnapshot ? readSnapshot(dataDir, today) : undefined;
  if (snapshot) return assembleCatalog(snapshot, buildTries(snapshot.endpoints, label(ENDPOINTS_FILE)), label);

  // Loaded here only: a start from the snapshot needs neither the YAML parser nor the checks.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadCards } = require('./cards-file') as typeof import('./cards-file');
  const { loadEndpoints } = require('./endpoint-table') as typeof import('./endpoint-table');
  const { loadScopes } = require('./scope-table') as typeof import('./scope-table');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const scopes = loadScopes(join(dataDir, SCOPES_FILE), label(SCOPES_FILE));
  const scopeByName = new Map(scopes.map((s) => [s.name, s]));
  const scopeNames = scopes.map((s) => s.name);

  const endpoints = loadEndpoints(join(dataDir, ENDPOINTS_FILE), label(ENDPOINTS_FILE), (s) => scopeByName.has(s));
  const endpointById = new Map(endpoints.map((e) => [`${e.method} ${e.path}`, e.scopes]));
  const tries = buildTries(endpoints, label(ENDPOINTS_FILE));

  const { connectors, cards, sources } = loadCards(
    join(dataDir, CARDS_FILE),
    label(CARDS_FILE),
    (s) => {
      if (scopeByName.has(s)) return undefined;
      const dym = closest(s, scopeNames, 1);
      return `unknown scope "${s}"${dym.length ? ` (did you mean ${dym[0]}?)` : ''}`;
    },
    (e) => endpointById.get(e),
    today,
  );

  checkAutoGranted(scopes, connectors, label(SCOPES_FILE));
  return assembleCatalog({ scopes, endpoints, connectors, cards, sources }, tries, label);
}

/** The Catalog of validated data: its lookups, frozen. */
function assembleCatalog(data: CatalogData, tries: ReturnType<typeof buildTries>, label: (f: string) => string): Catalog {
  const { scopes, endpoints, connectors, cards, sources } = data;
  const scopeByName = new Map(scopes.map((s) => [s.name, s]));
  const scopeNames = scopes.map((s) => s.name);
  const { connector, findCard, cardByKey, refOf, suggestCards } = cardLookups(connectors, cards, label(CARDS_FILE));

  const defaults = connectionDefaults(scopes, connectors);

  const catalog: Catalog = {
    connectors: deepFreeze(connectors),
    cards: deepFreeze(cards),
    scopes: deepFreeze(scopes),
    endpoints: deepFreeze(endpoints),
    sources: deepFreeze(sources),
    connector,
    findCard,
    cardByKey,
    refOf,
    matchEndpoint: (method, path) => matchEndpoint(tries, method, path),
    scope: (name) => scopeByName.get(name.trim()),
    suggestCards,
    suggestScopes: (name, max = 3) => closest(name, scopeNames, max),
    defaults,
    isAutoGranted: defaults.isDefault,
    isOidcDefault: defaults.isOidcDefault,
    defaultOf: defaults.connectionsOf,
  };
  return Object.freeze(catalog);
}

/** The auto-granted column and the connectors' default lists must tell the same story. */
function checkAutoGranted(scopes: readonly ScopeInfo[], connectors: readonly ConnectorInfo[], scopesLabel: string): void {
  const defaults = new Set(connectors.flatMap((c) => c.defaultScopes));
  for (const s of scopes) {
    if (s.autoGranted !== defaults.has(s.name)) {
      throw new CatalogDataError(
        scopesLabel,
        `scope "${s.name}": autoGranted=${s.autoGranted} disagrees with the connectors' defaultScopes in ${CARDS_FILE}`,
      );
    }
  }
}
