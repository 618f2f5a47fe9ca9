import { EVIDENCE_LEVELS, type Catalog, type CatalogCard, type ConnectorInfo, type Evidence } from './types';

/**
 * The catalog as a reviewer reads it (`wf-scopes catalog`): every card with its scopes, each scope's
 * evidence level and source, and counts per connector and level. Pure; self-contained on purpose, so
 * it does not move when the findings renderers do.
 */

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Per connector: cards by kind then name (the order a reader scans a connector page in). */
function cardsOf(catalog: Catalog, c: ConnectorInfo): CatalogCard[] {
  return catalog.cards.filter((x) => x.connector === c.key).sort((a, b) => byText(a.kind, b.kind) || byText(a.name, b.name));
}

type LevelCounts = Record<Evidence, number>;

export interface ConnectorStats {
  key: string;
  name: string;
  cards: number;
  actions: number;
  events: number;
  /** Cards by their weakest scope's level (a card is only as sure as its least sure scope). */
  cardsByLevel: LevelCounts;
  /** Card-scope rows by level. */
  scopesByLevel: LevelCounts;
}

const zero = (): LevelCounts => ({ stated: 0, template: 0, inferred: 0, analogy: 0 });

export function catalogStats(catalog: Catalog): { connectors: ConnectorStats[]; total: ConnectorStats } {
  const total: ConnectorStats = { key: '*', name: 'All', cards: 0, actions: 0, events: 0, cardsByLevel: zero(), scopesByLevel: zero() };
  const connectors = catalog.connectors.map((c) => {
    const s: ConnectorStats = { key: c.key, name: c.name, cards: 0, actions: 0, events: 0, cardsByLevel: zero(), scopesByLevel: zero() };
    for (const card of cardsOf(catalog, c)) {
      for (const t of [s, total]) {
        t.cards++;
        if (card.kind === 'action') t.actions++;
        else t.events++;
        t.cardsByLevel[card.confidence]++;
        for (const e of card.evidence) t.scopesByLevel[e.evidence]++;
      }
    }
    return s;
  });
  return { connectors, total };
}

function cardJson(catalog: Catalog, card: CatalogCard): Record<string, unknown> {
  return {
    ref: catalog.refOf(card),
    name: card.name,
    key: card.key ?? null,
    kind: card.kind,
    aliases: [...card.aliases],
    customApi: card.customApi,
    evidence: card.confidence,
    scopes: card.evidence.map((e) => ({ scope: e.scope, evidence: e.evidence, source: e.source, ...(e.like !== undefined ? { like: e.like } : {}) })),
    source: card.source,
    page: card.page ?? null,
    verifiedName: card.verifiedName,
    endpoints: [...card.endpoints],
    alsoConsider: [...card.alsoConsider],
    notes: card.notes ?? null,
  };
}

function statsJson(s: ConnectorStats): Record<string, unknown> {
  return {
    key: s.key,
    name: s.name,
    cards: s.cards,
    actions: s.actions,
    events: s.events,
    cardsByLevel: { ...s.cardsByLevel },
    scopesByLevel: { ...s.scopesByLevel },
  };
}

/** `{connectors:[{key,name,scopesPage,defaultScopes,eventScopes,cards:[…]}]}`, or `{stats, total}`. */
export function catalogToJson(catalog: Catalog, stats: boolean): string {
  if (stats) {
    const { connectors, total } = catalogStats(catalog);
    return `${JSON.stringify({ stats: connectors.map(statsJson), total: statsJson(total) }, null, 2)}\n`;
  }
  const doc = {
    connectors: catalog.connectors.map((c) => ({
      key: c.key,
      name: c.name,
      scopesPage: c.scopesPage,
      defaultScopes: [...c.defaultScopes],
      eventScopes: [...c.eventScopes],
      cards: cardsOf(catalog, c).map((card) => cardJson(catalog, card)),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function statsRows(catalog: Catalog): string[][] {
  const { connectors, total } = catalogStats(catalog);
  return [...connectors, total].map((s) => [
    s.name,
    String(s.cards),
    String(s.actions),
    String(s.events),
    ...EVIDENCE_LEVELS.map((l) => String(s.cardsByLevel[l])),
    EVIDENCE_LEVELS.map((l) => `${s.scopesByLevel[l]}`).join('/'),
  ]);
}

const STATS_HEADER = ['Connector', 'Cards', 'Actions', 'Events', ...EVIDENCE_LEVELS, 'Scope rows s/t/i/a'];

/** The one-line evidence of a scope: `stated https://…`, `analogy with Okta/Create User https://…`. */
function evidenceText(e: CatalogCard['evidence'][number]): string {
  return `${e.evidence}${e.like !== undefined ? ` with ${e.like}` : ''}  ${e.source}`;
}

export function catalogToText(catalog: Catalog, stats: boolean): string {
  if (stats) {
    const rows = [STATS_HEADER, ...statsRows(catalog)];
    const widths = STATS_HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]): string => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
    return `${rows.map(line).join('\n')}\nCards count under their weakest scope's level; scope rows are stated/template/inferred/analogy.\n`;
  }
  const out: string[] = [];
  for (const c of catalog.connectors) {
    const cards = cardsOf(catalog, c);
    out.push(`${c.name} (${c.key}): ${cards.length} cards; event cards need ${c.eventScopes.join(' ') || '(no event cards)'}; scopes page ${c.scopesPage}`);
    for (const card of cards) {
      const key = card.key !== undefined ? ` [${card.key}]` : '';
      const flags = [card.kind, ...(card.verifiedName ? [] : ['name unverified'])].join(', ');
      out.push(`  ${card.name}${key} (${flags})`);
      if (card.customApi) out.push(`    the scopes of the endpoint it calls  ${card.confidence}  ${card.source}`);
      const width = Math.max(0, ...card.evidence.map((e) => e.scope.length));
      for (const e of card.evidence) out.push(`    ${e.scope.padEnd(width)}  ${evidenceText(e)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

/** Table cells: `|` and line breaks would end the cell; backslashes and backticks are escaped too. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/\s*\n\s*/g, ' ');
}

export function catalogToMarkdown(catalog: Catalog, stats: boolean): string {
  const table = (header: string[], rows: string[][]): string[] => [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  if (stats) return `${['## Catalog evidence', '', ...table(STATS_HEADER, statsRows(catalog))].join('\n')}\n`;
  const out: string[] = ['# wf-scopes catalog', ''];
  for (const c of catalog.connectors) {
    out.push(`## ${cell(c.name)}`, '', `Event cards need: ${c.eventScopes.map((s) => `\`${s}\``).join(', ') || 'none (no event cards)'}. Scopes page: <${c.scopesPage}>`, '');
    const rows: string[][] = [];
    for (const card of cardsOf(catalog, c)) {
      const name = `${card.name}${card.verifiedName ? '' : ' (name unverified)'}`;
      if (card.evidence.length === 0) rows.push([name, card.kind, 'the endpoint\'s', card.confidence, card.source]);
      for (const e of card.evidence) rows.push([name, card.kind, e.scope, e.like !== undefined ? `${e.evidence} with ${e.like}` : e.evidence, e.source]);
    }
    out.push(...table(['Card', 'Kind', 'Scope', 'Evidence', 'Source'], rows), '');
  }
  return `${out.join('\n')}`;
}
