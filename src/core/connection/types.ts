/**
 * The connection check's model: what the Workflows app's refresh tokens and its client's System Log
 * say about the tokens the Okta connections hold, against what the app grants. The readers live in
 * sources/okta; these types are what the core needs of them.
 */

export interface TokenRecord {
  id: string;
  userId: string;
  /** ISO time the token was issued: the (re)authorization. */
  created: string;
  status: string;
  scopes: readonly string[];
}

export interface EventRecord {
  published: string;
  eventType: string;
  clientId?: string;
  actorId?: string;
  grantedScopes?: readonly string[];
  requestUri?: string;
  method?: string;
}

/** One source, read or not (and why). */
export type SourceRead<T> = { ok: true; items: readonly T[] } | { ok: false; reason: string };

export interface ConnectionInput {
  org: string;
  since: string;
  until: string;
  tokens: SourceRead<TokenRecord>;
  log: SourceRead<EventRecord>;
  /** The app's ACTIVE grants: scope → when granted (ISO), or '' when Okta gave no date. */
  granted: ReadonlyMap<string, string>;
  /** The scopes the declaration requires of the org. */
  required: readonly string[];
}

/** One connection: the newest token of one authorizing user. */
export interface ConnectionView {
  user: string;
  /** When its newest token was issued (ISO). */
  tokenIssued: string;
  /** The scopes it carries, as the check takes them (the sources' intersection where both speak). */
  scopes: string[];
  /** Which source the view rests on. */
  source: 'tokens' | 'log' | 'tokens+log';
  /** The last `workflows.user.connection.create`/`.reauthorize` of this user in the window. */
  lastReauthorized?: string;
}

export type ConnectionFindingKind = 'not-carried' | 'carried-not-granted';

export interface ConnectionFinding {
  kind: ConnectionFindingKind;
  user: string;
  scope: string;
  /** `not-carried`: when the scope was granted ('' when unknown). */
  grantedAt?: string;
  tokenIssued: string;
}

export interface ConnectionStatus {
  org: string;
  /** False: neither source gave a token to compare; `reasons` say why. Never read as "in sync". */
  checked: boolean;
  since: string;
  until: string;
  connections: ConnectionView[];
  findings: ConnectionFinding[];
  /** Why a source (or the whole check) could not be used. */
  reasons: string[];
  /** Where the sources disagree, and which one was taken. */
  disagreements: string[];
}
