import { displayPath } from '../../util/paths';
import type { Catalog } from '../../core/catalog/types';
import { isOktaFamily, type ExportCard, type ExportReadResult, type FlowExport, type SkippedFile } from '../../sources/flows';
import type { ScanError, ScanReport, ScannedCall, ScannedCard, ScannedExport, ScannedFlow, UnknownCard } from './types';
import { compareStrings } from '../../util/compare';

/** One export card, looked up in the catalog. */
export function scanCard(c: ExportCard, catalog: Catalog): ScannedCard {
  const known = catalog.cardByKey(c.connector, c.key);
  const connector = catalog.connector(c.connector);
  let customApi: ScannedCall | null = null;
  let endpointScopes: readonly string[] = [];
  if (c.customApi) {
    const { method, path: callPath, resolved, source, placeholder, note } = c.customApi;
    // Only the Okta connector's Custom API Action calls the Okta API; a builder connector's paths
    // (Okta Privileged Access: `/groups`) belong to another API and must not match Okta endpoints.
    const match = known?.customApi && resolved && method && callPath ? catalog.matchEndpoint(method, callPath) : undefined;
    customApi = {
      method,
      path: callPath,
      resolved,
      source,
      ...(placeholder !== undefined ? { placeholder } : {}),
      ...(note !== undefined ? { note } : {}),
      endpoint: match ? { method: match.row.method, path: match.row.path, operationId: match.row.operationId } : null,
    };
    if (match) endpointScopes = match.row.scopes;
  }
  let scopes: string[] = [];
  if (known && !known.customApi) scopes = [...known.scopes];
  else if (known) scopes = [...endpointScopes];
  // An event the catalog does not know yet still registers an event hook: the connector's rule applies.
  else if (!known && c.event && connector) scopes = [...connector.eventScopes];
  const card: ScannedCard = {
    connector: c.connector,
    key: c.key,
    name: known ? known.name : null,
    ref: known ? catalog.refOf(known) : null,
    title: c.title,
    event: c.event,
    scopes: scopes.sort(compareStrings),
    customApi,
  };
  if (!known) card.unknown = connector ? 'card-not-in-catalog' : 'connector-not-covered';
  return card;
}

function scanExport(e: FlowExport, catalog: Catalog, cwd: string): ScannedExport {
  const flows: ScannedFlow[] = [];
  const stubs: string[] = [];
  for (const f of e.flows) {
    if (f.stub) {
      stubs.push(f.name);
      continue;
    }
    const okta = f.cards.filter((c) => isOktaFamily(c.connector));
    const flow: ScannedFlow = {
      name: f.name,
      id: f.id,
      kind: f.kind,
      cards: okta.map((c) => scanCard(c, catalog)),
      otherCards: f.cards.length - okta.length,
    };
    if (f.folder !== undefined) flow.folder = f.folder;
    flows.push(flow);
  }
  flows.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  return { file: displayPath(e.file, cwd), version: e.version, flows, stubs: stubs.sort(compareStrings), warnings: [...e.warnings] };
}

/**
 * The scan report: every readable export with its flows and Okta-family cards, the cards the catalog
 * does not know, and the files that could not be read. Pure apart from path arithmetic on `cwd`.
 */
export function analyzeExports(results: readonly ExportReadResult[], catalog: Catalog, cwd: string, skippedFiles: readonly SkippedFile[] = []): ScanReport {
  const exports: ScannedExport[] = [];
  const errors: ScanError[] = [];
  for (const r of results) {
    if (r.ok) {
      exports.push(scanExport(r.export, catalog, cwd));
    } else {
      const err: ScanError = { file: displayPath(r.file, cwd), code: r.code, reason: r.reason };
      if (r.position) {
        err.line = r.position.line;
        err.column = r.position.column;
      }
      errors.push(err);
    }
  }
  exports.sort((a, b) => compareStrings(a.file, b.file));
  errors.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.reason, b.reason));

  const unknown = new Map<string, UnknownCard>();
  const distinct = new Set<string>();
  const scopes = new Set<string>();
  let flows = 0;
  let stubFlows = 0;
  let oktaCards = 0;
  let catalogConnectorCards = 0;
  let customApiCards = 0;
  let customApiMatched = 0;
  let customApiUnresolved = 0;
  let otherCards = 0;
  for (const e of exports) {
    stubFlows += e.stubs.length;
    for (const f of e.flows) {
      flows++;
      otherCards += f.otherCards;
      for (const c of f.cards) {
        oktaCards++;
        distinct.add(`${c.connector}/${c.key}`);
        if (catalog.connector(c.connector)) catalogConnectorCards++;
        if (c.customApi) {
          customApiCards++;
          if (c.customApi.endpoint) customApiMatched++;
          if (!c.customApi.resolved) customApiUnresolved++;
        }
        for (const s of c.scopes) if (!catalog.isOidcDefault(s)) scopes.add(s);
        if (c.unknown) {
          const id = `${c.connector}/${c.key}`;
          const seen = unknown.get(id);
          if (seen) seen.count++;
          else unknown.set(id, { connector: c.connector, key: c.key, title: c.title, count: 1, file: e.file, flow: f.name, reason: c.unknown });
        }
      }
    }
  }
  const unknownCards = [...unknown.values()].sort((a, b) => compareStrings(a.connector, b.connector) || compareStrings(a.key, b.key));
  const skipped = skippedFiles.map((s) => ({ file: displayPath(s.file, cwd), reason: s.reason })).sort((a, b) => compareStrings(a.file, b.file));
  return {
    exports,
    unknownCards,
    errors,
    skipped,
    totals: {
      exports: exports.length,
      flows,
      stubFlows,
      oktaCards,
      catalogConnectorCards,
      distinctCards: distinct.size,
      customApiCards,
      customApiMatched,
      customApiUnresolved,
      unknownCards: unknownCards.reduce((n, u) => n + u.count, 0),
      otherCards,
      errors: errors.length,
      scopes: [...scopes].sort(compareStrings),
    },
  };
}
