import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isCalendarDate, utcDay } from '../util/date';
import { stripBuilderSuffix } from '../util/keys';
import { projectRoot } from '../util/paths';
import { closest, editDistance, nearestBand, normalize, suggestionLimit } from '../util/suggest';
import {
  CONNECTOR_KEYS,
  ENDPOINT_AUTHS,
  EVIDENCE_LEVELS,
  UNKNOWN_CHECKED,
  type CardKind,
  type CardLookup,
  type Catalog,
  type CatalogCard,
  type ConnectorInfo,
  type Evidence,
  type ScopeEvidence,
  type ConnectorKey,
  type EndpointMatch,
  type EndpointRow,
  type ScopeInfo,
  type SourceInfo,
} from './types';

export type * from './types';
export { CONNECTOR_KEYS, ENDPOINT_AUTHS, EVIDENCE_LEVELS, UNKNOWN_CHECKED, isDerived, notCallableByOAuthApp } from './types';

export { stripBuilderSuffix };

/** A defect in the shipped data files (not in user input): loading stops so it cannot go unnoticed. */
export class CatalogDataError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'CatalogDataError';
  }
}

const CARDS_FILE = 'cards.yaml';
const SCOPES_FILE = 'scopes.tsv';
const ENDPOINTS_FILE = 'endpoint-scopes.tsv';
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

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
 * Loads and validates the catalog. Without `dataDir` the project's own data is loaded once and shared;
 * the returned objects are frozen because every caller sees the same instance.
 */
export function loadCatalog(dataDir?: string, options: LoadOptions = {}): Catalog {
  const today = options.today ?? utcDay();
  if (dataDir === undefined && options.today === undefined) return (defaultCatalog ??= buildCatalog(defaultDataDir(), today));
  return buildCatalog(resolve(dataDir ?? defaultDataDir()), today);
}

// ---------------------------------------------------------------------------------------------------
// Reading the files

interface TsvRow {
  line: number;
  cells: string[];
}

/** Tab-separated rows after the `#` comments and the header line, which must equal `columns`. */
function readTsv(path: string, label: string, columns: readonly string[]): TsvRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: TsvRow[] = [];
  let headerSeen = false;
  lines.forEach((text, i) => {
    if (text === '' || text.startsWith('#')) return;
    const cells = text.split('\t');
    if (!headerSeen) {
      if (cells.join('\t') !== columns.join('\t')) {
        throw new CatalogDataError(label, `line ${i + 1}: header must be "${columns.join('\\t')}"`);
      }
      headerSeen = true;
      return;
    }
    if (cells.length !== columns.length) {
      throw new CatalogDataError(label, `line ${i + 1}: ${cells.length} columns, expected ${columns.length}`);
    }
    rows.push({ line: i + 1, cells });
  });
  if (!headerSeen) throw new CatalogDataError(label, 'no header line');
  return rows;
}

function loadScopes(path: string, label: string): ScopeInfo[] {
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

function loadEndpoints(path: string, label: string, knownScope: (s: string) => boolean): EndpointRow[] {
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

// Small readers that turn `unknown` YAML into typed values or say exactly what is wrong.
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The elements of a YAML sequence, typed `unknown` (Array.isArray alone would yield `any`). */
function asList(v: unknown): readonly unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

type YamlPath = (string | number)[];

class YamlReader {
  /** Where in the document the node being read sits, for the line of an error. */
  at: YamlPath = [];

  constructor(
    readonly label: string,
    private readonly text = '',
  ) {}

  /** Throws with `file:line` of the node at `at` (plus `field` when it exists there). */
  fail(where: string, problem: string, field?: string): never {
    const line = this.lineOf(field === undefined ? this.at : [...this.at, field]);
    throw new CatalogDataError(line === undefined ? this.label : `${this.label}:${line}`, `${where}: ${problem}`);
  }

  /** Parsed again only on failure, with positions: loading stays on the fast parser. */
  private lineOf(path: YamlPath): number | undefined {
    if (this.text === '') return undefined;
    try {
      // Loaded here only: the positional parser costs more to import than the whole fast load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
      const lineCounter = new LineCounter();
      const doc = parseDocument(this.text, { lineCounter });
      for (let n = path.length; n >= 0; n--) {
        const node: unknown = doc.getIn(path.slice(0, n), true);
        if (typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range)) {
          const start: unknown = node.range[0];
          if (typeof start === 'number') return lineCounter.linePos(start).line;
        }
      }
    } catch {
      // A file the fast parser read but this one cannot: the message without a line still says what.
    }
    return undefined;
  }

  fields(o: Obj, where: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(where, `unknown field "${k}"`);
  }

  str(o: Obj, key: string, where: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(where, `"${key}" must be a non-empty string`);
    return v;
  }

  optStr(o: Obj, key: string, where: string): string | undefined {
    return o[key] === undefined ? undefined : this.str(o, key, where);
  }

  bool(o: Obj, key: string, where: string, dflt: boolean): boolean {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(where, `"${key}" must be true or false`);
    return v;
  }

  /** A list of distinct non-empty strings; absent means empty. */
  strList(o: Obj, key: string, where: string): string[] {
    if (o[key] === undefined) return [];
    const v = asList(o[key]);
    if (!v) this.fail(where, `"${key}" must be a list`);
    const out: string[] = [];
    for (const item of v) {
      if (typeof item !== 'string' || item.trim() === '') this.fail(where, `"${key}" must hold non-empty strings`);
      if (out.includes(item)) this.fail(where, `"${key}" lists "${item}" twice`);
      out.push(item);
    }
    return out;
  }

  oneOf<T extends string>(o: Obj, key: string, where: string, values: readonly T[]): T {
    const v = this.str(o, key, where);
    const hit = values.find((x) => x === v);
    if (hit === undefined) this.fail(where, `"${key}" must be one of ${values.join(', ')}`);
    return hit;
  }
}

const TOP_FIELDS = ['connectors', 'sources'] as const;
const CONNECTOR_FIELDS = ['key', 'name', 'scopesPage', 'defaultScopes', 'defaultScopesSource', 'eventScopes', 'notes', 'cards'] as const;
const SOURCE_FIELDS = ['url', 'checked'] as const;
const URL_PATTERN = /^https?:\/\/\S+$/;
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

/** The kind of page each evidence level must cite: the level says what the source is. */
const SOURCE_KINDS: Record<Evidence, { pattern: RegExp; what: string }> = {
  stated: { pattern: /^https:\/\/(help|support)\.okta\.com\//, what: 'an Okta help or support page (help.okta.com, support.okta.com)' },
  template: { pattern: /^https:\/\/github\.com\/okta\/workflows-templates\//, what: 'an official template (github.com/okta/workflows-templates)' },
  inferred: { pattern: /^https:\/\/github\.com\/okta\/okta-management-openapi-spec\//, what: 'the OpenAPI spec (github.com/okta/okta-management-openapi-spec)' },
  analogy: { pattern: /^https:\/\/(help|support)\.okta\.com\//, what: "the analogous card's Okta page" },
};

interface CardsFile {
  connectors: ConnectorInfo[];
  cards: CatalogCard[];
  sources: SourceInfo[];
}

/** A URL the data cites, and where (for the line of an error). */
interface Citation {
  url: string;
  where: string;
  /** The YAML node holding the field. */
  at: YamlPath;
  field: string;
}

/** A scope's evidence before analogies are resolved against the other cards. */
interface PendingEvidence {
  scope: string;
  evidence: Evidence;
  source?: string;
  like?: string;
  /** Path of the YAML node, for the line of an error found in the second pass. */
  path: YamlPath;
}

function loadCards(
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
  const rawConnectors = isObj(doc) ? asList(doc.connectors) : undefined;
  if (!isObj(doc) || !rawConnectors) r.fail('top level', 'expected a "connectors" list');
  r.fields(doc, 'top level', TOP_FIELDS);
  const citations: Citation[] = [];
  const cite = (url: string, where: string, field: string): void => {
    if (!URL_PATTERN.test(url)) r.fail(where, `"${field}" must be one URL`, field);
    citations.push({ url, where, at: [...r.at], field });
  };

  // `scopeKnown` returns an error text for an unknown scope (with a did-you-mean), else undefined.
  const checkScopes = (list: string[], where: string, field: string): string[] => {
    for (const s of list) {
      const problem = scopeKnown(s);
      if (problem) r.fail(where, `${field}: ${problem}`, field);
    }
    return [...list].sort();
  };

  const connectors: ConnectorInfo[] = [];
  const cards: CatalogCard[] = [];
  const pending = new Map<CatalogCard, PendingEvidence[]>();
  const cardPath = new Map<CatalogCard, YamlPath>();
  for (const [i, raw] of rawConnectors.entries()) {
    r.at = ['connectors', i];
    if (!isObj(raw)) r.fail(`connectors[${i}]`, 'expected a mapping');
    const key = r.oneOf(raw, 'key', `connectors[${i}]`, CONNECTOR_KEYS);
    const where = `connector ${key}`;
    r.fields(raw, where, CONNECTOR_FIELDS);
    if (connectors.some((c) => c.key === key)) r.fail(where, 'listed twice');
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
    connectors.push(info);

    const rawCards = asList(raw.cards);
    if (!rawCards) r.fail(where, '"cards" must be a list');
    const keyOwner = new Map<string, string>();
    for (const [j, rc] of rawCards.entries()) {
      r.at = ['connectors', i, 'cards', j];
      if (!isObj(rc)) r.fail(`${where} cards[${j}]`, 'expected a mapping');
      const name = r.str(rc, 'name', `${where} cards[${j}]`);
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
      if (overrides !== undefined && !isObj(overrides)) r.fail(at, '"scopeEvidence" must map scopes to {evidence, source | like}', 'scopeEvidence');
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
        if (!isObj(o)) r.fail(w, 'expected {evidence, source} or {evidence: analogy, like}');
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
      pending.set(card, own);
      cardPath.set(card, ['connectors', i, 'cards', j]);
      cards.push(card);
    }
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

  // Second pass: an analogy cites a card of the catalog whose own evidence for the scope is stated.
  const nameOf = new Map(connectors.map((c) => [c.key, c.name]));
  const byRef = new Map(cards.map((c) => [normalize(`${nameOf.get(c.connector) ?? c.connector}/${c.name}`), c]));
  const resolved = new Map<CatalogCard, ScopeEvidence[]>();
  const resolve = (card: CatalogCard, stack: Set<CatalogCard>): ScopeEvidence[] => {
    const done = resolved.get(card);
    if (done) return done;
    const at = `card "${nameOf.get(card.connector) ?? card.connector}/${card.name}"`;
    const out: ScopeEvidence[] = [];
    for (const ev of pending.get(card) ?? []) {
      r.at = ev.path;
      if (ev.evidence !== 'analogy') {
        const source = ev.source ?? card.source;
        out.push({ scope: ev.scope, evidence: ev.evidence, source, checked: checked(source) });
        continue;
      }
      const analog = ev.like === undefined ? undefined : byRef.get(normalize(ev.like));
      if (!analog) r.fail(at, `${ev.scope}: analogy to "${ev.like ?? '?'}", which is not a card of the catalog`, 'like');
      if (stack.has(analog)) r.fail(at, `${ev.scope}: analogies form a cycle through "${ev.like ?? '?'}"`, 'like');
      const theirs = resolve(analog, new Set(stack).add(card)).find((x) => x.scope === ev.scope);
      r.at = ev.path;
      if (!theirs || theirs.evidence !== 'stated') {
        r.fail(at, `${ev.scope}: the analogous card "${ev.like ?? '?'}" does not state it (${theirs ? theirs.evidence : 'not among its scopes'})`, 'like');
      }
      out.push({
        scope: ev.scope,
        evidence: 'analogy',
        source: theirs.source,
        like: `${nameOf.get(analog.connector) ?? analog.connector}/${analog.name}`,
        checked: theirs.checked,
      });
    }
    resolved.set(card, out);
    return out;
  };
  for (const card of cards) {
    card.evidence = resolve(card, new Set());
    card.confidence = weakest(card.evidence.map((e) => e.evidence), card.confidence);
  }
  return { connectors, cards, sources };
}

/**
 * The `sources` list: one entry per cited URL, each with the day it was last read (`YYYY-MM-DD`, not
 * after `today`) or `unknown`. A cited URL without an entry, and an entry nothing cites, are errors.
 */
function readSources(r: YamlReader, raw: unknown, citations: readonly Citation[], today: string): SourceInfo[] {
  r.at = [];
  const list = asList(raw);
  if (!list) r.fail('top level', 'expected a "sources" list: each cited URL with the day it was last read (checked: YYYY-MM-DD)', 'sources');
  const out: SourceInfo[] = [];
  const index = new Map<string, number>();
  for (const [i, entry] of list.entries()) {
    r.at = ['sources', i];
    const where = `sources[${i}]`;
    if (!isObj(entry)) r.fail(where, 'expected {url, checked}');
    r.fields(entry, where, SOURCE_FIELDS);
    const url = r.str(entry, 'url', where);
    if (!URL_PATTERN.test(url)) r.fail(where, '"url" must be one URL', 'url');
    if (index.has(url)) r.fail(where, `${url} is listed twice (also sources[${index.get(url) ?? '?'}])`, 'url');
    index.set(url, i);
    const day = typeof entry.checked === 'string' ? entry.checked.trim() : '';
    if (day !== UNKNOWN_CHECKED) {
      if (!isCalendarDate(day)) {
        r.fail(where, `checked "${String(entry.checked ?? '')}" of ${url} is not a date: write the day the page was read (YYYY-MM-DD), or ${UNKNOWN_CHECKED}`, 'checked');
      }
      if (day > today) r.fail(where, `checked ${day} of ${url} is in the future (today is ${today}): write the day the page was read`, 'checked');
    }
    out.push({ url, checked: day });
  }
  const cited = new Set<string>();
  for (const c of citations) {
    cited.add(c.url);
    if (index.has(c.url)) continue;
    r.at = c.at;
    r.fail(c.where, `${c.field} ${c.url} has no entry under "sources": add {url, checked} with the day it was read`, c.field);
  }
  for (const s of out) {
    if (cited.has(s.url)) continue;
    r.at = ['sources', index.get(s.url) ?? 0];
    r.fail(`sources[${index.get(s.url) ?? '?'}]`, `${s.url} is cited by no connector or card: remove the entry`, 'url');
  }
  return out.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** The level's source must be of its kind; an analogy names its card instead of (or besides) a source. */
function checkSourceKind(r: YamlReader, where: string, ev: Omit<PendingEvidence, 'scope'>, field: string): void {
  if (ev.evidence === 'analogy') {
    if (ev.like === undefined) r.fail(where, 'evidence analogy needs `like: Connector/Card`, the card whose stated row it follows', field);
  } else if (ev.like !== undefined) {
    r.fail(where, `\`like\` is only for evidence analogy, not ${ev.evidence}`, 'like');
  }
  if (ev.source === undefined) {
    if (ev.evidence !== 'analogy') r.fail(where, `evidence ${ev.evidence} needs a source`, field);
    return;
  }
  const kind = SOURCE_KINDS[ev.evidence];
  if (!kind.pattern.test(ev.source)) {
    r.fail(where, `evidence ${ev.evidence} must cite ${kind.what}, not ${ev.source}`, field);
  }
}

/** The weakest of the levels (stated is strongest); `fallback` when there are none. */
function weakest(levels: readonly Evidence[], fallback: Evidence): Evidence {
  let worst = -1;
  for (const l of levels) worst = Math.max(worst, EVIDENCE_LEVELS.indexOf(l));
  return worst < 0 ? fallback : EVIDENCE_LEVELS[worst] ?? fallback;
}

// ---------------------------------------------------------------------------------------------------
// Endpoint matching: one trie per method; a literal child is tried before the parameter child, so the
// first complete match found is the template with a literal at the first position where they differ.

interface Template {
  row: EndpointRow;
  /** Parameter name at each segment position, undefined where the segment is literal. */
  params: (string | undefined)[];
}

interface TrieNode {
  literal: Map<string, TrieNode>;
  param?: TrieNode;
  template?: Template;
}

/** `{name}` as a whole segment. Char codes, not a regex: this runs for every segment of every lookup. */
function isPlaceholder(seg: string): boolean {
  return seg.length >= 2 && seg.charCodeAt(0) === 123 && seg.charCodeAt(seg.length - 1) === 125;
}

function newNode(): TrieNode {
  return { literal: new Map() };
}

function buildTries(rows: readonly EndpointRow[], label: string): Map<string, TrieNode> {
  const tries = new Map<string, TrieNode>();
  for (const row of rows) {
    let root = tries.get(row.method);
    if (!root) tries.set(row.method, (root = newNode()));
    let node = root;
    const params: (string | undefined)[] = [];
    for (const seg of pathSegments(row.path)) {
      if (isPlaceholder(seg)) {
        params.push(seg.slice(1, -1));
        node = node.param ??= newNode();
      } else {
        params.push(undefined);
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = newNode()));
        node = next;
      }
    }
    if (node.template) {
      throw new CatalogDataError(label, `${row.method} ${row.path} has the same shape as ${node.template.row.path}`);
    }
    node.template = { row, params };
  }
  return tries;
}

/**
 * Path segments of a request path or URL: query and fragment cut, `scheme://host` dropped, and empty
 * segments skipped (trailing `/`, or `//api/v1/...` from an org URL that ended in `/`).
 */
export function pathSegments(pathOrUrl: string): string[] {
  // One pass over char codes: this runs on every lookup and dominated the cost when done with slices.
  const s = pathOrUrl;
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const sep = s.indexOf('://', start);
  if (sep > start && sep < end && isScheme(s, start, sep)) {
    const slash = s.indexOf('/', sep + 3);
    start = slash < 0 || slash > end ? end : slash;
  }
  const segs: string[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || s.charCodeAt(i) === 47 /* / */) {
      if (i > from) segs.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return segs;
}

/** RFC 3986 scheme: a letter, then letters, digits, `+`, `-` or `.`. */
function isScheme(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) | 32; // lower-case letters; other chars checked below
    const letter = c >= 97 && c <= 122;
    const raw = s.charCodeAt(i);
    if (!(letter || (i > from && ((raw >= 48 && raw <= 57) || raw === 43 || raw === 45 || raw === 46)))) return false;
  }
  return true;
}

/**
 * A lower-case word (`me`, `current`, `default`) where an id belongs. Okta ids carry digits or capitals
 * and placeholders are braced, so such a segment is likely a path of its own that the spec lacks.
 */
function isPlainWord(seg: string): boolean {
  return /^[a-z]+(?:[-_][a-z]+)*$/.test(seg) && seg.length <= 24;
}

function walk(node: TrieNode, segs: readonly string[], i: number): Template | undefined {
  if (i === segs.length) return node.template;
  const seg = segs[i];
  // A `{name}` the user wrote stands for any id, so it may only match a template parameter.
  if (!isPlaceholder(seg)) {
    const lit = node.literal.get(seg);
    if (lit) {
      const hit = walk(lit, segs, i + 1);
      if (hit) return hit;
    }
  }
  return node.param ? walk(node.param, segs, i + 1) : undefined;
}

// ---------------------------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

interface SuggestEntry {
  norm: string;
  ref: string;
  connector: ConnectorKey;
}

function buildCatalog(dataDir: string, today: string): Catalog {
  // Labels in errors are relative to the cwd when that is shorter, so they read like `data/cards.yaml`.
  const label = (f: string): string => {
    const abs = join(dataDir, f);
    const rel = relative(process.cwd(), abs);
    return rel.length < abs.length ? rel : abs;
  };

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

  // The auto-granted column and the connectors' default lists must tell the same story.
  const defaults = new Set(connectors.flatMap((c) => c.defaultScopes));
  for (const s of scopes) {
    if (s.autoGranted !== defaults.has(s.name)) {
      throw new CatalogDataError(
        label(SCOPES_FILE),
        `scope "${s.name}": autoGranted=${s.autoGranted} disagrees with the connectors' defaultScopes in ${CARDS_FILE}`,
      );
    }
  }

  const connectorByToken = new Map<string, ConnectorInfo>();
  for (const c of connectors) {
    connectorByToken.set(normalize(c.key), c);
    connectorByToken.set(normalize(c.name), c);
  }
  const connectorName = new Map(connectors.map((c) => [c.key, c.name]));
  const refOf = (card: CatalogCard): string => `${connectorName.get(card.connector) ?? card.connector}/${card.name}`;

  // Per connector: normalised name, alias or key → card; exact key → card (for export lookups).
  const byToken = new Map<ConnectorKey, Map<string, CatalogCard>>();
  const byKey = new Map<ConnectorKey, Map<string, CatalogCard>>();
  const suggestEntries: SuggestEntry[] = [];
  for (const c of connectors) {
    byToken.set(c.key, new Map());
    byKey.set(c.key, new Map());
  }
  for (const card of cards) {
    const tokens = byToken.get(card.connector);
    const keys = byKey.get(card.connector);
    if (!tokens || !keys) continue;
    const ref = refOf(card);
    const claim = (text: string, shown: string): void => {
      const norm = normalize(text);
      const other = tokens.get(norm);
      if (other && other !== card) {
        throw new CatalogDataError(label(CARDS_FILE), `card "${ref}": "${text}" also names "${refOf(other)}"`);
      }
      tokens.set(norm, card);
      suggestEntries.push({ norm, ref: shown, connector: card.connector });
    };
    const conn = connectorName.get(card.connector) ?? card.connector;
    claim(card.name, ref);
    for (const a of card.aliases) claim(a, `${conn}/${a}`);
    if (card.key !== undefined) {
      if (keys.has(card.key)) throw new CatalogDataError(label(CARDS_FILE), `card "${ref}": duplicate key ${card.key}`);
      keys.set(card.key, card);
      claim(card.key, ref);
    }
  }

  const connector = (nameOrKey: string): ConnectorInfo | undefined => connectorByToken.get(normalize(nameOrKey));

  const lookupCard = (conn: ConnectorKey, cardPart: string): CatalogCard | undefined => {
    const tokens = byToken.get(conn);
    const text = cardPart.trim();
    return tokens?.get(normalize(text)) ?? tokens?.get(normalize(stripBuilderSuffix(text)));
  };

  const suggestCards = (ref: string, max = 3): string[] => {
    if (max <= 0) return [];
    // The card part is compared on its own, so `Okta/Read Device` can still find `Okta Devices/Read Device`.
    const slash = ref.indexOf('/');
    const home = slash >= 0 ? connector(ref.slice(0, slash)) : undefined;
    const wanted = normalize(slash >= 0 ? ref.slice(slash + 1) : ref);
    if (wanted === '') return [];
    const best = new Map<string, { dist: number; home: boolean }>();
    for (const e of suggestEntries) {
      const limit = suggestionLimit(wanted.length, e.norm.length);
      const dist = editDistance(wanted, e.norm, limit);
      if (dist > limit) continue;
      const prev = best.get(e.ref);
      if (!prev || dist < prev.dist) best.set(e.ref, { dist, home: e.connector === home?.key });
    }
    const ranked = [...best.entries()]
      .map(([ref, v]) => ({ ref, ...v }))
      .sort((a, b) => a.dist - b.dist || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    const group = (atHome: boolean): string[] => nearestBand(ranked.filter((x) => x.home === atHome)).map((x) => x.ref);
    // The connector the user named first, then the others; nearer first, ties alphabetical.
    return [...group(true), ...group(false)].slice(0, max);
  };

  const findCard = (ref: string): CardLookup => {
    const slash = ref.indexOf('/');
    // Without a connector the reference is incomplete; offer the full references it resembles.
    if (slash < 0) return { ok: false, reason: 'unknown-card', suggestions: suggestCards(ref) };
    const connPart = ref.slice(0, slash);
    const conn = connector(connPart);
    if (!conn) {
      const names = connectors.map((c) => c.name);
      const near = closest(connPart, names);
      // With three connectors, listing them all is a useful answer when none is close.
      return { ok: false, reason: 'unknown-connector', suggestions: near.length > 0 ? near : names };
    }
    const card = lookupCard(conn.key, ref.slice(slash + 1));
    return card ? { ok: true, card } : { ok: false, reason: 'unknown-card', suggestions: suggestCards(ref) };
  };

  const cardByKey = (conn: string, key: string): CatalogCard | undefined => {
    const c = connector(conn);
    return c ? byKey.get(c.key)?.get(stripBuilderSuffix(key.trim())) : undefined;
  };

  const matchEndpoint = (method: string, path: string): EndpointMatch | undefined => {
    const root = tries.get(method.trim().toUpperCase());
    if (!root) return undefined;
    const segs = pathSegments(path);
    const t = walk(root, segs, 0);
    if (!t) return undefined;
    const params: Record<string, string> = {};
    const uncertain: EndpointMatch['uncertain'] = [];
    for (let i = 0; i < t.params.length; i++) {
      const name = t.params[i];
      if (name === undefined) continue;
      const value = segs[i];
      params[name] = value;
      if (isPlainWord(value)) uncertain.push({ param: name, value });
    }
    return { row: t.row, params, uncertain };
  };

  const autoGranted = new Set(scopes.filter((s) => s.autoGranted).map((s) => s.name));
  // Okta API scopes all start with `okta.`; the other defaults are OIDC scopes of the sign-in itself.
  const oidcDefaults = new Set([...autoGranted].filter((s) => !s.startsWith('okta.')));

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
    matchEndpoint,
    scope: (name) => scopeByName.get(name.trim()),
    suggestCards,
    suggestScopes: (name, max = 3) => closest(name, scopeNames, max),
    isAutoGranted: (s) => autoGranted.has(s.trim()),
    isOidcDefault: (s) => oidcDefaults.has(s.trim()),
    defaultOf: (s) => connectors.filter((c) => c.defaultScopes.includes(s.trim())).map((c) => c.name),
  };
  return Object.freeze(catalog);
}
