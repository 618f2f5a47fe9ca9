import type { ConnectionDefaults } from '../scopes';
/** Connectors of the Okta family that the catalog covers (their keys as seen in exports). */
export type ConnectorKey = 'okta' | 'oktadevices' | 'oktarealms' | 'oktaitp';
export const CONNECTOR_KEYS: readonly ConnectorKey[] = ['okta', 'oktadevices', 'oktarealms', 'oktaitp'];

/**
 * What backs one scope of one card, strongest first:
 * - stated: Okta's scopes table or a support article names the card (or "all event cards") and the scope;
 * - template: an official template's readme asks for the scope for flows that use the card;
 * - inferred: the endpoint the card calls requires the scope, per the OpenAPI spec;
 * - analogy: an analogous card's stated scope (e.g. dynamic profile fields -> okta.schemas.read).
 */
export type Evidence = 'stated' | 'template' | 'inferred' | 'analogy';
export const EVIDENCE_LEVELS: readonly Evidence[] = ['stated', 'template', 'inferred', 'analogy'];
/** Kept for the consumers that predate per-scope evidence: a card's weakest evidence. */
export type Confidence = Evidence;

/** True for evidence no Okta page or official template states: the scope is a derivation. */
export function isDerived(level: Evidence): boolean {
  return level === 'inferred' || level === 'analogy';
}

export interface ScopeEvidence {
  scope: string;
  evidence: Evidence;
  /** One URL: the page that states it, the template readme, the spec file, or the analogous card's source. */
  source: string;
  /** analogy only: the analogous card (`Okta/Create User`) whose stated row lists this scope. */
  like?: string;
  /** When `source` was last read: `YYYY-MM-DD` or `unknown` (see `SourceInfo`). */
  checked: string;
}

/** `checked` of a source nobody recorded a reading date for: always stale. */
export const UNKNOWN_CHECKED = 'unknown';

/** A page the catalog cites, and the day (`YYYY-MM-DD`, UTC) it was last read and compared with the rows citing it. */
export interface SourceInfo {
  url: string;
  /** `YYYY-MM-DD`, or `unknown`. */
  checked: string;
}

export type CardKind = 'action' | 'event';

export interface ConnectorInfo {
  key: ConnectorKey;
  /** Display name used in `scopes.yaml` references: `Okta`, `Okta Devices`, `Okta Realms`. */
  name: string;
  scopesPage: string;
  /**
   * Granted at authorization. The OIDC ones are never emitted; an Okta API one (`okta.realms.read`)
   * is emitted wherever a card calls with it, since the authoritative resource would revoke it.
   */
  defaultScopes: string[];
  /** The page that names the defaults (the scopes page unless the data says otherwise). */
  defaultScopesSource: string;
  /** Scopes every event card of this connector needs (empty when the connector has no events). */
  eventScopes: string[];
  notes?: string;
}

export interface CatalogCard {
  connector: ConnectorKey;
  /** Canonical card name, e.g. `Read User`. */
  name: string;
  /** Internal method key seen in exports (`readUser`), without a connector-builder suffix. */
  key?: string;
  kind: CardKind;
  /** Other names the card is known by, e.g. `Find Users` for Search Users. */
  aliases: string[];
  /** Scopes to grant, sorted. Empty only for a Custom API Action card (scopes come from the endpoint). */
  scopes: string[];
  /** One entry per scope, in the order of `scopes`. */
  evidence: ScopeEvidence[];
  /** The weakest evidence among the scopes (the card's own level when it has none). */
  confidence: Confidence;
  /** URL of the page the card's scopes come from (per scope: `evidence`). */
  source: string;
  /** The card's own help page, when one was found (proves the card exists under this name). */
  page?: string;
  /** When `page` was last read (`YYYY-MM-DD` or `unknown`). */
  pageChecked?: string;
  /** When `source` was last read; for a Custom API Action card, the only source it has. */
  sourceChecked: string;
  /** True for Custom API Action cards: their scopes are those of the endpoint they call. */
  customApi: boolean;
  /** False for names no Okta page confirms yet. */
  verifiedName: boolean;
  /** Scopes that analogous cards need and this one might (not granted by default). */
  alsoConsider: string[];
  /** The API endpoints the card calls (`METHOD /path`), when known. */
  endpoints: string[];
  /** Where the sources disagree about a scope of this card (one line); `check` repeats it to each flow using the card. */
  split?: string;
  notes?: string;
}

/**
 * How an operation authorizes, per its OpenAPI security requirement: `oauth` (an access token with the
 * scopes), `api-token` (an SSWS token only: the Okta Workflows OAuth app cannot call it at all), `client`
 * (an OAuth protocol endpoint that authenticates the client), `none` (public, or a browser session cookie).
 */
export type EndpointAuth = 'oauth' | 'api-token' | 'client' | 'none';
export const ENDPOINT_AUTHS: readonly EndpointAuth[] = ['oauth', 'api-token', 'client', 'none'];

export interface EndpointRow {
  method: string;
  path: string;
  operationId: string;
  /** Scopes all required together; empty when the spec declares none. */
  scopes: string[];
  spec: string;
  auth: EndpointAuth;
  /** The spec's lifecycle (GA, LIMITED_GA, EA, BETA), or `preview` for an operation only the preview spec has. */
  lifecycle: string;
}

/** True when the Okta Workflows OAuth app's token cannot call the operation (it takes no OAuth scope). */
export function notCallableByOAuthApp(row: EndpointRow): boolean {
  return row.auth !== 'oauth';
}

export interface EndpointMatch {
  row: EndpointRow;
  /** Values of `{param}` segments taken from the concrete path. */
  params: Record<string, string>;
  /**
   * Parameters filled by a plain word (`/api/v1/sessions/me` matching `{sessionId}`): such a path may be
   * one the spec lacks (Okta's `me`, `current`, `default` aliases), so the match is uncertain, not exact.
   */
  uncertain: { param: string; value: string }[];
}

export type ScopeKind = 'read' | 'manage' | 'read(self)' | 'manage(self)' | 'oidc' | string;

export interface ScopeInfo {
  name: string;
  kind: ScopeKind;
  description: string;
  source: string;
  /** Auto-granted default of a Workflows Okta connector (OIDC scopes, `okta.realms.read` for Realms). */
  autoGranted: boolean;
}

export type CardLookup =
  | { ok: true; card: CatalogCard }
  | { ok: false; reason: 'unknown-connector' | 'unknown-card'; suggestions: string[] };

/** The read-only card, endpoint and scope database. Loaded once from `data/`; pure lookups after that. */
export interface Catalog {
  readonly connectors: readonly ConnectorInfo[];
  readonly cards: readonly CatalogCard[];
  readonly scopes: readonly ScopeInfo[];
  readonly endpoints: readonly EndpointRow[];
  /** Every page the connectors and cards cite, with the day it was last read; sorted by URL. */
  readonly sources: readonly SourceInfo[];

  /** `Okta`, `okta`, `Okta Devices`, `oktadevices` (case- and space-insensitive) → connector. */
  connector(nameOrKey: string): ConnectorInfo | undefined;
  /**
   * A card reference as written in scopes.yaml: `Connector/Card Name` (name or alias, case- and
   * space-insensitive) or `connectorKey/cardKey` (`okta/readUser`, builder suffix allowed).
   */
  findCard(ref: string): CardLookup;
  /** By connector key + card key as in an export; strips a connector-builder suffix (`_tmcXa7PfAt`). */
  cardByKey(connector: string, key: string): CatalogCard | undefined;
  /** The reference form used in output and suggestions: `Okta/Read User`. */
  refOf(card: CatalogCard): string;
  /**
   * Method + path (query string and `https://host` stripped; concrete ids match `{param}` segments;
   * a literal segment beats a parameter). Undefined when no Okta endpoint matches.
   */
  matchEndpoint(method: string, path: string): EndpointMatch | undefined;
  scope(name: string): ScopeInfo | undefined;
  /** Up to `max` known card references closest to `ref` (did-you-mean). */
  suggestCards(ref: string, max?: number): string[];
  /** Up to `max` known scope names closest to `name`. */
  suggestScopes(name: string, max?: number): string[];
  /** The connection defaults (core/scopes.ts): every question about `okta.realms.read` or `openid` goes there. */
  readonly defaults: ConnectionDefaults;
  /** True for the scopes a connection is granted by default (OIDC defaults and connector defaults): `defaults.isDefault`. */
  isAutoGranted(scope: string): boolean;
  /**
   * An auto-granted scope that is not an Okta API scope (`openid`, `profile` …): never emitted, never
   * missing, never extra. Auto-granted `okta.*` scopes are grants like any other.
   */
  isOidcDefault(scope: string): boolean;
  /** Display names of the connectors whose connection grants `scope` by default (`['Okta Realms']`). */
  defaultOf(scope: string): string[];
}
