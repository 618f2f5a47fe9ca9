// Reads and validates cards.yaml: its connectors, their cards and each card's evidence per scope.
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isPlainObject } from '../../util/json';
import { stripBuilderSuffix } from '../../util/keys';
import { normalize } from '../../util/suggest';
import { checkSourceKind, resolveEvidence, type PendingEvidence } from './evidence';
import { ENDPOINTS_FILE } from './files';
import { readSources, URL_PATTERN, type Citation } from './sources';
import {
  CONNECTOR_KEYS,
  EVIDENCE_LEVELS,
  UNKNOWN_CHECKED,
  type CardKind,
  type CatalogCard,
  type ConnectorInfo,
  type Evidence,
  type SourceInfo,
} from './types';
import { asList, YamlReader, type Obj } from './yaml-reader';

const TOP_FIELDS = ['connectors', 'sources'] as const;
const CONNECTOR_FIELDS = ['key', 'name', 'scopesPage', 'defaultScopes', 'defaultScopesSource', 'eventScopes', 'notes', 'cards'] as const;
const CARD_FIELDS = [
  'name',
  'key',
  'kind',
  'aliases',
  'customApi',
  'scopes',
  'evidence',
  'source',
  'like',
  'scopeEvidence',
  'page',
  'verifiedName',
  'alsoConsider',
  'endpoints',
  'split',
  'notes',
] as const;
const SCOPE_EVIDENCE_FIELDS = ['evidence', 'source', 'like'] as const;
const KINDS: readonly CardKind[] = ['action', 'event'];

export interface CardsFile {
  connectors: ConnectorInfo[];
  cards: CatalogCard[];
  sources: SourceInfo[];
}

/** What reading a connector or a card needs from the file as a whole. */
interface CardsContext {
  r: YamlReader;
  /** Records a URL the data cites, checked against `sources` once every card is read. */
  cite: (url: string, where: string, field: string) => void;
  /** The list sorted, after failing on its first unknown scope. */
  checkScopes: (list: string[], where: string, field: string) => string[];
  endpointScopes: (methodAndPath: string) => readonly string[] | undefined;
}

export function loadCards(
  path: string,
  label: string,
  scopeKnown: (s: string) => string | undefined,
  endpointScopes: (methodAndPath: string) => readonly string[] | undefined,
  today: string,
): CardsFile {
  const text = readFileSync(path, 'utf8');
  const r: YamlReader = new YamlReader(label, text);
  let doc: unknown;
  try {
    doc = loadYaml(text, { schema: CORE_SCHEMA });
  } catch (e) {
    r.fail('parse', e instanceof Error ? e.message : String(e));
  }
  const rawConnectors = isPlainObject(doc) ? asList(doc.connectors) : undefined;
  if (!isPlainObject(doc) || !rawConnectors) r.fail('top level', 'expected a "connectors" list');
  r.fields(doc, 'top level', TOP_FIELDS);
  const citations: Citation[] = [];
  const ctx: CardsContext = {
    r,
    cite: (url, where, field) => {
      if (!URL_PATTERN.test(url)) r.fail(where, `"${field}" must be one URL`, field);
      citations.push({ url, where, at: [...r.at], field });
    },
    // `scopeKnown` returns an error text for an unknown scope (with a did-you-mean), else undefined.
    checkScopes: (list, where, field) => {
      for (const s of list) {
        const problem = scopeKnown(s);
        if (problem) r.fail(where, `${field}: ${problem}`, field);
      }
      return [...list].sort();
    },
    endpointScopes,
  };

  const connectors: ConnectorInfo[] = [];
  const cards: CatalogCard[] = [];
  const pending = new Map<CatalogCard, PendingEvidence[]>();
  for (const [i, raw] of rawConnectors.entries()) {
    r.at = ['connectors', i];
    if (!isPlainObject(raw)) r.fail(`connectors[${i}]`, 'expected a mapping');
    const info = readConnector(ctx, raw, i, connectors);
    connectors.push(info);
    readCards(ctx, raw, i, info, cards, pending);
  }
  for (const k of CONNECTOR_KEYS) {
    if (!connectors.some((c) => c.key === k)) {
      r.at = [];
      r.fail('connectors', `connector ${k} is missing`);
    }
  }

  const sources = readSources(r, doc.sources, citations, today);
  const checkedOf = new Map(sources.map((s) => [s.url, s.checked]));
  const checked = (url: string): string => checkedOf.get(url) ?? UNKNOWN_CHECKED;
  for (const card of cards) {
    card.sourceChecked = checked(card.source);
    if (card.page !== undefined) card.pageChecked = checked(card.page);
  }
  resolveEvidence(r, connectors, cards, pending, checked);
  return { connectors, cards, sources };
}

/** One entry of `connectors`, without its cards; `before` are the connectors read so far. */
function readConnector(ctx: CardsContext, raw: Obj, i: number, before: readonly ConnectorInfo[]): ConnectorInfo {
  const r: YamlReader = ctx.r;
  const { cite, checkScopes } = ctx;
  const key = r.oneOf(raw, 'key', `connectors[${i}]`, CONNECTOR_KEYS);
  const where = `connector ${key}`;
  r.fields(raw, where, CONNECTOR_FIELDS);
  if (before.some((c) => c.key === key)) r.fail(where, 'listed twice');
  const scopesPage = r.str(raw, 'scopesPage', where);
  const info: ConnectorInfo = {
    key,
    name: r.str(raw, 'name', where),
    scopesPage,
    defaultScopes: checkScopes(r.strList(raw, 'defaultScopes', where), where, 'defaultScopes'),
    defaultScopesSource: r.optStr(raw, 'defaultScopesSource', where) ?? scopesPage,
    eventScopes: checkScopes(r.strList(raw, 'eventScopes', where), where, 'eventScopes'),
  };
  const connectorNotes = r.optStr(raw, 'notes', where);
  if (connectorNotes !== undefined) info.notes = connectorNotes;
  if (normalize(info.name) !== key) r.fail(where, `name "${info.name}" must normalise to its key`);
  cite(scopesPage, where, 'scopesPage');
  if (raw.defaultScopesSource !== undefined) cite(info.defaultScopesSource, where, 'defaultScopesSource');
  return info;
}

/** The `cards` of one connector, each added to `cards`, its evidence per scope waiting in `pending`. */
function readCards(
  ctx: CardsContext,
  raw: Obj,
  i: number,
  info: ConnectorInfo,
  cards: CatalogCard[],
  pending: Map<CatalogCard, PendingEvidence[]>,
): void {
  const r: YamlReader = ctx.r;
  const where = `connector ${info.key}`;
  const rawCards = asList(raw.cards);
  if (!rawCards) r.fail(where, '"cards" must be a list');
  const keyOwner = new Map<string, string>();
  for (const [j, rc] of rawCards.entries()) {
    r.at = ['connectors', i, 'cards', j];
    if (!isPlainObject(rc)) r.fail(`${where} cards[${j}]`, 'expected a mapping');
    const { card, at, level } = readCard(ctx, rc, info, `${where} cards[${j}]`, keyOwner);
    checkCard(ctx, card, info, at);
    pending.set(card, readCardEvidence(ctx, rc, card, at, level));
    cards.push(card);
  }
}

/** A card's fields; `keyOwner` maps the keys of the connector's cards read so far to their names. */
function readCard(
  ctx: CardsContext,
  rc: Obj,
  info: ConnectorInfo,
  position: string,
  keyOwner: Map<string, string>,
): { card: CatalogCard; at: string; level: Evidence } {
  const r: YamlReader = ctx.r;
  const { checkScopes } = ctx;
  const key = info.key;
  const name = r.str(rc, 'name', position);
  const at = `card "${info.name}/${name}"`;
  r.fields(rc, at, CARD_FIELDS);
  const rawKey = r.optStr(rc, 'key', at);
  if (rawKey !== undefined && stripBuilderSuffix(rawKey) !== rawKey) {
    r.fail(at, `key "${rawKey}" must be stored without its builder suffix`, 'key');
  }
  if (rawKey !== undefined) {
    const owner = keyOwner.get(rawKey);
    if (owner !== undefined) r.fail(at, `duplicate key ${rawKey} (also the key of "${info.name}/${owner}")`, 'key');
    keyOwner.set(rawKey, name);
  }
  if (rc.source === undefined) r.fail(at, 'has no "source": every card cites the page its scopes come from');
  const level = r.oneOf(rc, 'evidence', at, EVIDENCE_LEVELS);
  const card: CatalogCard = {
    connector: key,
    name,
    ...(rawKey === undefined ? {} : { key: rawKey }),
    kind: r.oneOf(rc, 'kind', at, KINDS),
    aliases: r.strList(rc, 'aliases', at),
    scopes: checkScopes(r.strList(rc, 'scopes', at), at, 'scopes'),
    evidence: [],
    confidence: level,
    source: r.str(rc, 'source', at),
    sourceChecked: UNKNOWN_CHECKED,
    customApi: r.bool(rc, 'customApi', at, false),
    verifiedName: r.bool(rc, 'verifiedName', at, true),
    alsoConsider: checkScopes(r.strList(rc, 'alsoConsider', at), at, 'alsoConsider'),
    endpoints: r.strList(rc, 'endpoints', at),
  };
  const page = r.optStr(rc, 'page', at);
  if (page !== undefined) {
    if (!/^https:\/\/help\.okta\.com\/\S+$/.test(page)) r.fail(at, '"page" must be the card\'s help.okta.com page', 'page');
    card.page = page;
  }
  const notes = r.optStr(rc, 'notes', at);
  if (notes !== undefined) card.notes = notes;
  const split = r.optStr(rc, 'split', at);
  if (split !== undefined) card.split = split;
  return { card, at, level };
}

/** What a card's fields must agree on: with each other, with the connector and with the endpoint table. */
function checkCard(ctx: CardsContext, card: CatalogCard, info: ConnectorInfo, at: string): void {
  const r: YamlReader = ctx.r;
  const { cite, endpointScopes } = ctx;
  cite(card.source, at, 'source');
  if (card.page !== undefined) cite(card.page, at, 'page');
  if (card.customApi) {
    if (card.kind !== 'action' || card.scopes.length > 0) {
      r.fail(at, 'a Custom API Action card is an action with no scopes of its own');
    }
  } else if (card.scopes.length === 0) {
    r.fail(at, '"scopes" is empty (only a customApi card may have none)', 'scopes');
  }
  if (card.kind === 'event') {
    const missing = info.eventScopes.filter((s) => !card.scopes.includes(s));
    if (missing.length > 0) r.fail(at, `event card lacks the connector's event scopes ${missing.join(' ')}`, 'scopes');
  }
  const overlap = card.alsoConsider.filter((s) => card.scopes.includes(s));
  if (overlap.length > 0) r.fail(at, `alsoConsider repeats scopes ${overlap.join(' ')}`, 'alsoConsider');
  for (const e of card.endpoints) {
    if (!endpointScopes(e)) r.fail(at, `endpoint "${e}" is not a row of ${ENDPOINTS_FILE}`, 'endpoints');
  }
}

/** The card's evidence per scope before analogies are resolved; `level` is the card's own `evidence`. */
function readCardEvidence(ctx: CardsContext, rc: Obj, card: CatalogCard, at: string, level: Evidence): PendingEvidence[] {
  const r: YamlReader = ctx.r;
  const { cite, endpointScopes } = ctx;
  // Evidence per scope: the card's own level and source, unless `scopeEvidence` says otherwise.
  const cardLike = r.optStr(rc, 'like', at);
  const base: Omit<PendingEvidence, 'scope'> = {
    evidence: level,
    source: card.source,
    ...(cardLike !== undefined ? { like: cardLike } : {}),
    path: [...r.at],
  };
  checkSourceKind(r, at, base, 'source');
  const overrides = rc.scopeEvidence;
  if (overrides !== undefined && !isPlainObject(overrides)) r.fail(at, '"scopeEvidence" must map scopes to {evidence, source | like}', 'scopeEvidence');
  const own: PendingEvidence[] = [];
  for (const scope of card.scopes) {
    const o = overrides?.[scope];
    if (o === undefined) {
      own.push({ scope, ...base });
      continue;
    }
    const saved = r.at;
    r.at = [...saved, 'scopeEvidence', scope];
    const w = `${at} scopeEvidence ${scope}`;
    if (!isPlainObject(o)) r.fail(w, 'expected {evidence, source} or {evidence: analogy, like}');
    r.fields(o, w, SCOPE_EVIDENCE_FIELDS);
    const ev: PendingEvidence = { scope, evidence: r.oneOf(o, 'evidence', w, EVIDENCE_LEVELS), path: [...r.at] };
    const src = r.optStr(o, 'source', w);
    const like = r.optStr(o, 'like', w);
    if (src !== undefined) ev.source = src;
    if (like !== undefined) ev.like = like;
    checkSourceKind(r, w, ev, 'evidence');
    if (src !== undefined) cite(src, w, 'source');
    r.at = saved;
    own.push(ev);
  }
  for (const k of Object.keys(overrides ?? {})) {
    if (!card.scopes.includes(k)) r.fail(at, `scopeEvidence names "${k}", which is not among its scopes`, 'scopeEvidence');
  }
  // An inferred scope must be one that an endpoint the card calls requires.
  for (const ev of own) {
    if (ev.evidence !== 'inferred') continue;
    if (!card.endpoints.some((e) => endpointScopes(e)?.includes(ev.scope))) {
      r.at = ev.path;
      r.fail(at, `${ev.scope} is labelled inferred, but none of its endpoints (${card.endpoints.join(', ') || 'none listed'}) requires it`);
    }
  }
  return own;
}
