import { addDays } from '../../util/date';
import { EVIDENCE_LEVELS, UNKNOWN_CHECKED, type Catalog, type CatalogCard, type ConnectorInfo, type Evidence } from './types';
import { compareStrings } from '../../util/compare';

/**
 * The catalog as a reviewer reads it (`wf-scopes catalog`): every card with its scopes, each scope's
 * evidence level and source, and counts per connector and level. Pure; self-contained on purpose, so
 * it does not move when the findings renderers do.
 */

/** Per connector: cards by kind then name (the order a reader scans a connector page in). */
function cardsOf(catalog: Catalog, c: ConnectorInfo): CatalogCard[] {
  return catalog.cards.filter((x) => x.connector === c.key).sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name));
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
    scopes: card.evidence.map((e) => ({
      scope: e.scope,
      evidence: e.evidence,
      source: e.source,
      ...(e.like !== undefined ? { like: e.like } : {}),
      checked: e.checked,
    })),
    source: card.source,
    sourceChecked: card.sourceChecked,
    page: card.page ?? null,
    pageChecked: card.pageChecked ?? null,
    verifiedName: card.verifiedName,
    endpoints: [...card.endpoints],
    alsoConsider: [...card.alsoConsider],
    split: card.split ?? null,
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

/** `{connectors:[{key,name,scopesPage,defaultScopes,eventScopes,cards:[…]}], sources:[{url,checked}]}`, or `{stats, total}`. */
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
      defaultScopesSource: c.defaultScopesSource,
      eventScopes: [...c.eventScopes],
      notes: c.notes ?? null,
      cards: cardsOf(catalog, c).map((card) => cardJson(catalog, card)),
    })),
    sources: catalog.sources.map((s) => ({ url: s.url, checked: s.checked })),
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

/** The one-line evidence of a scope: `stated  https://…  checked 2026-12-04`, `analogy with Okta/Create User  https://…  checked …`. */
function evidenceText(e: CatalogCard['evidence'][number]): string {
  return `${e.evidence}${e.like !== undefined ? ` with ${e.like}` : ''}  ${e.source}  checked ${e.checked}`;
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
      if (card.customApi) out.push(`    the scopes of the endpoint it calls  ${card.confidence}  ${card.source}  checked ${card.sourceChecked}`);
      const width = Math.max(0, ...card.evidence.map((e) => e.scope.length));
      for (const e of card.evidence) out.push(`    ${e.scope.padEnd(width)}  ${evidenceText(e)}`);
      if (card.page !== undefined) out.push(`    page  ${card.page}  checked ${card.pageChecked ?? UNKNOWN_CHECKED}`);
      if (card.split !== undefined) out.push(`    split evidence: ${card.split}`);
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
      if (card.evidence.length === 0) rows.push([name, card.kind, 'the endpoint\'s', card.confidence, card.source, card.sourceChecked]);
      for (const e of card.evidence) rows.push([name, card.kind, e.scope, e.like !== undefined ? `${e.evidence} with ${e.like}` : e.evidence, e.source, e.checked]);
    }
    out.push(...table(['Card', 'Kind', 'Scope', 'Evidence', 'Source', 'Checked'], rows), '');
  }
  return `${out.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------
// `catalog --stale DAYS`: the rows whose source was not read in the last DAYS days.

/** One claim of the catalog whose source is stale: a card's scope, its page, or a connector's page. */
export interface StaleRow {
  /** `Okta/Read User`, or the connector's name for its own pages. */
  ref: string;
  kind: 'card' | 'connector';
  /** The scope, or `page` / `source` (a Custom API Action card) / `scopes page` / `default scopes`. */
  item: string;
  evidence?: Evidence;
  source: string;
  /** `YYYY-MM-DD` or `unknown`. */
  checked: string;
}

export interface StaleReport {
  today: string;
  days: number;
  /** Sources read before this day (or never recorded) are stale. */
  since: string;
  rows: StaleRow[];
  /** The stale sources, oldest first (unknown first of all), each with the number of rows citing it. */
  sources: { url: string; checked: string; rows: number }[];
}

/** True when a source read on `checked` was not read on or after `since`. */
export function isStale(checked: string, since: string): boolean {
  return checked === UNKNOWN_CHECKED || checked < since;
}

/** Pure: `today` (`YYYY-MM-DD`) and `days` (a whole number) come from the caller. */
export function staleReport(catalog: Catalog, today: string, days: number): StaleReport {
  const since = addDays(today, -days);
  const rows: StaleRow[] = [];
  const add = (row: StaleRow): void => {
    if (isStale(row.checked, since)) rows.push(row);
  };
  const checkedBy = new Map(catalog.sources.map((s) => [s.url, s.checked]));
  const checkedOf = (url: string): string => checkedBy.get(url) ?? UNKNOWN_CHECKED;
  for (const c of catalog.connectors) {
    add({ ref: c.name, kind: 'connector', item: 'scopes page', source: c.scopesPage, checked: checkedOf(c.scopesPage) });
    if (c.defaultScopesSource !== c.scopesPage) {
      add({ ref: c.name, kind: 'connector', item: 'default scopes', source: c.defaultScopesSource, checked: checkedOf(c.defaultScopesSource) });
    }
    for (const card of cardsOf(catalog, c)) {
      const ref = catalog.refOf(card);
      if (card.evidence.length === 0) add({ ref, kind: 'card', item: 'source', evidence: card.confidence, source: card.source, checked: card.sourceChecked });
      for (const e of card.evidence) add({ ref, kind: 'card', item: e.scope, evidence: e.evidence, source: e.source, checked: e.checked });
      if (card.page !== undefined) add({ ref, kind: 'card', item: 'page', source: card.page, checked: card.pageChecked ?? UNKNOWN_CHECKED });
    }
  }
  const bySource = new Map<string, { url: string; checked: string; rows: number }>();
  for (const r of rows) {
    const s = bySource.get(r.source);
    if (s) s.rows++;
    else bySource.set(r.source, { url: r.source, checked: r.checked, rows: 1 });
  }
  // `unknown` sorts before any date: never read is the oldest.
  const age = (checked: string): string => (checked === UNKNOWN_CHECKED ? '' : checked);
  const sources = [...bySource.values()].sort((a, b) => compareStrings(age(a.checked), age(b.checked)) || compareStrings(a.url, b.url));
  return { today, days, since, rows, sources };
}

function staleTitle(r: StaleReport): string {
  const cards = new Set(r.rows.filter((x) => x.kind === 'card').map((x) => x.ref)).size;
  const connectors = new Set(r.rows.filter((x) => x.kind === 'connector').map((x) => x.ref)).size;
  const what = [`${cards} card${cards === 1 ? '' : 's'}`, ...(connectors > 0 ? [`${connectors} connector${connectors === 1 ? '' : 's'}`] : [])].join(' and ');
  return r.rows.length === 0
    ? `Every source was read on or after ${r.since} (--stale ${r.days}; today ${r.today}).`
    : `${r.rows.length} row${r.rows.length === 1 ? '' : 's'} of ${what} cite a source not read since ${r.since} (--stale ${r.days}; today ${r.today}).`;
}

export function staleToText(r: StaleReport): string {
  const out = [staleTitle(r)];
  let last = '';
  for (const row of r.rows) {
    if (row.ref !== last) out.push(`${row.ref}${row.kind === 'connector' ? ' (connector)' : ''}`);
    last = row.ref;
    out.push(`  ${row.item}${row.evidence !== undefined ? `  ${row.evidence}` : ''}  checked ${row.checked}  ${row.source}`);
  }
  if (r.sources.length > 0) {
    out.push('', 'Sources to read again, oldest first:');
    for (const s of r.sources) out.push(`  ${s.checked.padEnd(10)}  ${s.url}  (${s.rows} row${s.rows === 1 ? '' : 's'})`);
  }
  return `${out.join('\n')}\n`;
}

export function staleToJson(r: StaleReport): string {
  return `${JSON.stringify(
    {
      today: r.today,
      days: r.days,
      since: r.since,
      rows: r.rows.map((x) => ({ ref: x.ref, kind: x.kind, item: x.item, evidence: x.evidence ?? null, source: x.source, checked: x.checked })),
      sources: r.sources.map((s) => ({ ...s })),
    },
    null,
    2,
  )}\n`;
}

export function staleToMarkdown(r: StaleReport): string {
  const out = ['## Catalog rows to check again', '', cell(staleTitle(r))];
  if (r.rows.length > 0) {
    out.push('', '| Card | Row | Evidence | Checked | Source |', '| --- | --- | --- | --- | --- |');
    for (const x of r.rows) out.push(`| ${[x.kind === 'connector' ? `${x.ref} (connector)` : x.ref, x.item, x.evidence ?? '', x.checked, x.source].map(cell).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}
