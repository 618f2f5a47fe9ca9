import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Catalog } from '../../core/catalog/types';
import { broaderScopeOf } from '../../core/drift/compare';
import type { FlowDecl, Manifest } from '../../core/manifest/types';
import type { Resolution } from '../../core/resolve/types';
import type { SourceLoc } from '../../util/diagnostics';
import { cardLabel } from './format';
import { identify, matchFlows, useIdentity } from './identity';
import type { ScanError, ScanReport, ScannedCard, ScannedFlow } from './types';
import { compareStrings } from '../../util/compare';

/**
 * likely-403: not declared, and some scope it needs is granted in no declared way in an org it runs in.
 * granted-anyway: not declared, but every scope it needs is granted through other declared cards or
 *   extraScopes (or a broader `.manage`) in every org it runs in: no 403 today, yet nothing keeps it so.
 * unknown-scopes: not declared, and what it needs cannot be told (a card the catalog does not know, a
 *   Custom API path known only at run time): a 403 cannot be ruled out.
 */
export type UncoveredStatus = 'likely-403' | 'granted-anyway' | 'unknown-scopes';

export interface UncoveredCard {
  file: string;
  flow: string;
  folder?: string;
  /** `Okta/Read User`, `Okta/Custom API Action GET /api/v1/logs`, or `okta/someKey`. */
  card: string;
  title: string;
  connector: string;
  key: string;
  status: UncoveredStatus;
  /** False when no declared flow has this flow's name (and folder). */
  flowDeclared: boolean;
  scopes: string[];
  /** Per org the flow runs in: the needed scopes nothing declared grants there. */
  missing: { org: string; scopes: string[] }[];
  /** The declared flow's line, or the `flows:` line when the flow is not declared. */
  loc: SourceLoc;
  note?: string;
}

export interface StaleCard {
  flow: string;
  folder?: string;
  card: string;
  loc: SourceLoc;
}

export interface UnusedFlow {
  flow: string;
  folder?: string;
  loc: SourceLoc;
}

/** Cards outside what a declaration can say: other Okta products, calls to no Okta endpoint. */
export interface NotChecked {
  file: string;
  flow: string;
  card: string;
  title: string;
  reason: string;
}

export interface CoverageReport {
  /** The declaration as shown in messages. */
  declaration: string;
  exports: number;
  /** Okta-family cards looked at, and how many of them the declaration covers. */
  cards: number;
  covered: number;
  uncovered: UncoveredCard[];
  stale: StaleCard[];
  /** Declared flows no scanned export contains: reported, since scans often cover a subset. */
  flowsNotInExports: UnusedFlow[];
  notChecked: NotChecked[];
  errors: ScanError[];
}

/** True when the report should fail a pipeline: an undeclared card that likely fails with 403. */
export function hasLikely403(r: CoverageReport): boolean {
  return r.uncovered.some((u) => u.status !== 'granted-anyway');
}

/** Where the top-level `flows:` key is (uncovered cards of undeclared flows point there). */
export function flowsKeyLoc(text: string, file: string): SourceLoc {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const root = doc.contents;
  if (isMap(root)) {
    for (const p of root.items) {
      if (isScalar(p.key) && p.key.value === 'flows' && p.key.range) {
        const { line, col } = lines.linePos(p.key.range[0]);
        return { file, line, column: col };
      }
    }
  }
  return { file, line: 1, column: 1 };
}

function orgsOf(flows: FlowDecl[], manifest: Manifest): string[] {
  const all = manifest.orgs.map((o) => o.name);
  if (flows.length === 0 || flows.some((f) => f.orgs === undefined)) return all;
  return all.filter((o) => flows.some((f) => f.orgs?.includes(o)));
}

/**
 * Compares the cards the exports use with the declaration: per exported flow, every Okta-family card
 * the declaration's flow of the same name (and folder) does not declare, and whether the scopes it
 * needs are granted anyway; then the declared entries and flows no scanned export uses.
 */
export function checkCoverage(
  report: ScanReport,
  manifest: Manifest,
  resolution: Resolution,
  catalog: Catalog,
  flowsLoc: SourceLoc,
): CoverageReport {
  const missingIn = missingScopes(resolution, catalog);

  const uncovered: UncoveredCard[] = [];
  const notChecked: NotChecked[] = [];
  // Per declared flow: identities its exports use, and whether one of them makes a call we could not resolve.
  const used = new Map<FlowDecl, { ids: Set<string>; unresolved: boolean }>();
  let cards = 0;
  let covered = 0;

  for (const e of report.exports) {
    for (const f of e.flows) {
      const decls = matchFlows(f, manifest.flows);
      const declared = new Set(decls.flatMap((d) => (d.trigger ? [d.trigger, ...d.cards] : d.cards).map(useIdentity)));
      const declaresCall = decls.some((d) => d.cards.some((u) => u.origin === 'catalog' && u.call));
      const slots = decls.map((d) => {
        let slot = used.get(d);
        if (!slot) used.set(d, (slot = { ids: new Set(), unresolved: false }));
        return slot;
      });
      const orgs = orgsOf(decls, manifest);
      const seen = new Set<string>();
      for (const card of f.cards) {
        cards++;
        const who = identify(card, catalog, manifest.customCards);
        for (const slot of slots) {
          if (who.kind === 'declarable') slot.ids.add(who.id);
          if (who.kind === 'unresolved-call') slot.unresolved = true;
        }
        if (who.kind === 'not-covered' || who.kind === 'no-endpoint') {
          const reason =
            who.kind === 'not-covered'
              ? `connector ${card.connector} is not covered by the catalog`
              : `${card.customApi?.method ?? '?'} ${card.customApi?.path ?? ''} matches no Okta API endpoint`;
          notChecked.push({ file: e.file, flow: f.name, card: cardLabel(card), title: card.title, reason });
          continue;
        }
        if (who.kind === 'declarable' && declared.has(who.id)) {
          covered++;
          continue;
        }
        // A call known only at run time may be the one the author declared by hand.
        if (who.kind === 'unresolved-call' && declaresCall) {
          covered++;
          continue;
        }
        const dedupe = who.kind === 'declarable' ? who.id : `${who.kind}:${cardLabel(card)}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        uncovered.push(uncoveredCard(e.file, f, card, who.kind === 'declarable' ? who.scopes : undefined, decls, orgs, missingIn, manifest, flowsLoc));
      }
    }
  }

  const { stale, flowsNotInExports } = unusedDeclarations(manifest, used);
  uncovered.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.flow, b.flow) || compareStrings(a.card, b.card));
  return {
    declaration: manifest.file,
    exports: report.exports.length,
    cards,
    covered,
    uncovered,
    stale,
    flowsNotInExports,
    notChecked,
    errors: report.errors,
  };
}

/** The scopes of `scopes` an org's resolved grants do not hold, neither themselves nor through a broader scope. */
function missingScopes(resolution: Resolution, catalog: Catalog): (org: string, scopes: readonly string[]) => string[] {
  const granted = new Map(resolution.orgs.map((o) => [o.name, new Set(o.scopes.map((s) => s.scope))]));
  return (org, scopes) => {
    const held = granted.get(org) ?? new Set<string>();
    return scopes.filter((s) => {
      // A default an apply does not revoke (OIDC) is held whatever the stack lists; okta.realms.read is revoked unless listed.
      const d = catalog.defaults.of(s);
      if (held.has(s) || (d !== undefined && !d.revokedUnlessListed)) return false;
      const broader = broaderScopeOf(s);
      return broader === undefined || !held.has(broader);
    });
  };
}

/** Declared entries no scanned export uses, and declared flows no export holds. */
function unusedDeclarations(manifest: Manifest, used: Map<FlowDecl, { ids: Set<string>; unresolved: boolean }>): { stale: StaleCard[]; flowsNotInExports: UnusedFlow[] } {
  const stale: StaleCard[] = [];
  const flowsNotInExports: UnusedFlow[] = [];
  for (const d of manifest.flows) {
    const u = used.get(d);
    const folder = d.folder !== undefined ? { folder: d.folder } : {};
    if (!u) {
      flowsNotInExports.push({ flow: d.name, ...folder, loc: d.loc });
      continue;
    }
    for (const use of d.trigger ? [d.trigger, ...d.cards] : d.cards) {
      const id = useIdentity(use);
      if (u.ids.has(id) || (id.startsWith('call:') && u.unresolved)) continue;
      const label = use.origin === 'catalog' && use.call ? `${use.ref}: ${use.call.method} ${use.call.path}` : use.ref;
      stale.push({ flow: d.name, ...folder, card: label, loc: use.loc });
    }
  }
  return { stale, flowsNotInExports };
}

function uncoveredCard(
  file: string,
  f: ScannedFlow,
  card: ScannedCard,
  scopes: string[] | undefined,
  decls: FlowDecl[],
  orgs: string[],
  missingIn: (org: string, scopes: readonly string[]) => string[],
  manifest: Manifest,
  flowsLoc: SourceLoc,
): UncoveredCard {
  const first = decls[0];
  const u: UncoveredCard = {
    file,
    flow: f.name,
    ...(f.folder !== undefined ? { folder: f.folder } : {}),
    card: cardLabel(card),
    title: card.title,
    connector: card.connector,
    key: card.key,
    status: 'unknown-scopes',
    flowDeclared: first !== undefined,
    scopes: scopes ? [...scopes] : [],
    missing: [],
    loc: first ? first.loc : flowsLoc,
  };
  if (scopes) {
    u.missing = orgs.map((org) => ({ org, scopes: missingIn(org, scopes) })).filter((m) => m.scopes.length > 0);
    u.status = u.missing.length > 0 ? 'likely-403' : 'granted-anyway';
  } else if (card.customApi) {
    const call = card.customApi;
    u.note = call.note !== undefined
      ? `the URL is known only at run time: ${call.note}; declare the call by hand`
      : `the URL is known only at run time (${call.placeholder ?? 'no URL'}): declare the call by hand`;
  } else {
    u.note = `not in the catalog: declare it under customCards with key ${card.key} and its scopes`;
  }
  if (!first) {
    const elsewhere = manifest.flows.filter((d) => d.name.trim().toLowerCase() === f.name.trim().toLowerCase() && d.folder !== undefined);
    if (elsewhere.length > 0) {
      const where = `a flow of that name is declared in folder ${elsewhere.map((d) => d.folder).join(', ')}, not ${f.folder ?? '?'}`;
      u.note = u.note ? `${u.note}; ${where}` : where;
    }
  }
  return u;
}
