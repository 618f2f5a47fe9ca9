import { notCallableByOAuthApp, type Catalog, type Confidence } from '../../core/catalog/types';
import { compareStrings } from '../../core/drift/order';
import type { Project } from '../../core/project';
import type { RiskLevel } from '../../core/risk';
import { UserError, type SourceLoc } from '../../util/diagnostics';
import { closest } from '../../util/suggest';
import { reauthorizeStep } from '../../core/wording';
import { WORKFLOWS_APP } from './fix';
import type { EndpointInput, ExplainInput, HeaderInput, PermissionInput } from './input';
import { cardsCalling, matchAnyMethod, operationInfo } from './lookups';
import { explainScopes } from './scopes';

/** The Bearer error codes (RFC 6750 §3.1). */
const BEARER_ERRORS = ['insufficient_scope', 'invalid_token', 'invalid_request'];

/** A did-you-mean for an error= value that is not a Bearer error code but close to one (a header retyped). */
function errorCodeTypo(code: string | undefined): string[] {
  if (code === undefined || BEARER_ERRORS.includes(code.toLowerCase())) return [];
  const guess = closest(code, BEARER_ERRORS, 1)[0];
  return guess === undefined ? [] : [`error="${code}" is not an OAuth error code: did you mean error="${guess}"? Paste the header as Okta sent it.`];
}

/**
 * What `wf-scopes explain` found out about a 403 (or a scope, or an endpoint): pure data, rendered as
 * text or JSON by ./render. Built from the catalog and, when there is one, the project's scopes.yaml.
 */

export type Verdict =
  /** A 403 insufficient_scope header: the token lacks the scope(s) it names. */
  | 'missing-scope'
  /** A bare scope name: what needs it and whether it is granted. */
  | 'scope'
  /** METHOD /path: the scopes that operation needs. */
  | 'endpoint'
  /** E0000006: the authorizing admin lacks a permission; scopes are not the cause. */
  | 'missing-permission'
  /** error="invalid_token": the token itself was refused. */
  | 'invalid-token'
  /** A Bearer challenge with another error and no scope. */
  | 'other-error';

export interface OperationInfo {
  method: string;
  path: string;
  operationId: string;
  /** Scopes all required together; empty when the spec declares none. */
  requires: string[];
  /** True when the operation needs one of the scopes explained (false for its siblings at other methods). */
  needsExplainedScope: boolean;
}

export interface CardInfo {
  /** `Okta/Search System Logs`. */
  ref: string;
  connector: string;
  kind: 'action' | 'event';
  confidence: Confidence;
  customApi: boolean;
  /** Custom API Action only: the calls (`GET /api/v1/logs`) that need the scope, most relevant first. */
  calls?: string[];
  /** Custom API Action only: how many more calls need it than `calls` lists. */
  moreCalls?: number;
}

/**
 * `auto-granted`: an OIDC default, never listed in the stack. `default-unlisted`: a connection default
 * (okta.realms.read) that no card of this org calls with, so the stack does not list it and an apply
 * of the authoritative grants revokes it.
 */
export type GrantStatus = 'granted' | 'not-granted' | 'auto-granted' | 'default-unlisted';

export interface OrgGrant {
  org: string;
  status: GrantStatus;
  /** `Flow: Connector/Card` of each card that needs the scope in this org. */
  neededBy: string[];
  /** extraScopes reasons. */
  reasons: string[];
  /** Not granted, but this broader `.manage` scope is. */
  coveredBy?: string;
}

export interface ScopeExplanation {
  scope: string;
  /** False for a name the catalog does not know (a header from a newer Okta, say). */
  known: boolean;
  description?: string;
  autoGranted: boolean;
  risk: { level: RiskLevel; rationale: string };
  /** Catalog cards that need the scope; Custom API Action cards with the calls that need it. */
  cards: CardInfo[];
  /** Per org of scopes.yaml; empty without a declaration. */
  orgs: OrgGrant[];
  /** The `policy.deny` pattern of scopes.yaml that denies this scope. */
  deniedBy?: string;
}

/** A card of a scopes.yaml flow that touches what is explained. */
export interface FlowUse {
  flow: string;
  /** The flow's `orgs:`; absent when it runs in every org. */
  orgs?: string[];
  card: string;
  /** `calls GET /api/v1/logs`, `needs okta.logs.read`. */
  because: string[];
  loc: SourceLoc;
}

export interface ConfigInfo {
  file: string;
  loaded: boolean;
}

export interface Explanation {
  verdict: Verdict;
  /** One or two sentences: what went wrong. */
  summary: string;
  /** The refused request: the header's resource (method unknown) or the METHOD /path given. */
  request?: { method?: string; path: string };
  /** The header's error and description, as Okta sent them. */
  error?: { code: string; description?: string };
  operations: OperationInfo[];
  scopes: ScopeExplanation[];
  /** Cards (not Custom API Action) whose endpoints include the refused operation. */
  resourceCards: CardInfo[];
  flows: FlowUse[];
  config: ConfigInfo;
  /** Why the scope is missing although scopes.yaml grants it (or the like); absent when plain. */
  likelyCause?: string;
  /** The fix, in order. */
  steps: string[];
  notes: string[];
}

export interface ExplainContext {
  catalog: Catalog;
  /** The loaded scopes.yaml; undefined when there is none. */
  project?: Project;
  config: ConfigInfo;
}

export function explain(input: ExplainInput, ctx: ExplainContext): Explanation {
  switch (input.kind) {
    case 'permission':
      return explainPermission(input, ctx);
    case 'header':
      return explainHeader(input, ctx);
    case 'scope':
      if (!ctx.catalog.scope(input.scope) && !ctx.catalog.isAutoGranted(input.scope)) unknownScope(input.scope, ctx.catalog);
      return explainScopes('scope', [input.scope], [], undefined, ctx);
    case 'endpoint':
      return explainEndpoint(input, ctx);
  }
}

function unknownScope(scope: string, catalog: Catalog): never {
  const near = catalog.suggestScopes(scope, 3);
  throw new UserError({
    severity: 'error',
    code: 'explain-unknown-scope',
    flag: '<input>',
    message: `${scope} is not an Okta scope wf-scopes knows`,
    hint: near.length > 0 ? `did you mean ${near.join(', ')}?` : 'check the spelling against the 403 header or https://developer.okta.com/docs/api/oauth2/',
  });
}

// ---------------------------------------------------------------------------------------------
// Verdicts

function explainHeader(input: HeaderInput, ctx: ExplainContext): Explanation {
  const code = input.error;
  const error = code !== undefined ? { code, ...(input.errorDescription !== undefined ? { description: input.errorDescription } : {}) } : undefined;
  if (code?.toLowerCase() === 'invalid_token') {
    return {
      ...empty(ctx),
      verdict: 'invalid-token',
      summary:
        'Not a scope problem: error="invalid_token" means Okta refused the access token itself (expired, revoked, or issued for another org), whatever scopes it holds.',
      ...(input.resource !== undefined ? { request: { path: input.resource } } : {}),
      ...(error ? { error } : {}),
      steps: [
        reauthorizeStep('Okta', 'to get a new token'),
        `If it keeps failing, check in the Admin Console that the "${WORKFLOWS_APP}" app is active and that the admin who authorized the connection is still active.`,
        'Run the flow again.',
      ],
    };
  }
  if (!input.scope && input.resource !== undefined && (code === undefined || code.toLowerCase() === 'insufficient_scope')) {
    return explainByResource(input, input.resource, error, ctx);
  }
  if (!input.scope) {
    return {
      ...empty(ctx),
      verdict: 'other-error',
      summary: `Not a missing scope: the header reports error="${code ?? ''}"${input.errorDescription ? ` (${input.errorDescription})` : ''} and names no scope.`,
      ...(input.resource !== undefined ? { request: { path: input.resource } } : {}),
      ...(error ? { error } : {}),
      notes: [...errorCodeTypo(code), 'Only error="insufficient_scope" with scope="…" points at a scope to grant.'],
    };
  }
  const operations = input.resource !== undefined ? matchAnyMethod(input.resource, ctx.catalog) : [];
  const out = explainScopes('missing-scope', input.scope, operations, input.resource !== undefined ? { path: input.resource } : undefined, ctx);
  if (error) out.error = error;
  if (input.resource !== undefined && operations.length === 0) {
    out.notes.unshift(`No Okta API operation in the catalog matches ${input.resource}; the cards below are those that need the scope.`);
  }
  return out;
}

/**
 * A header without scope=: the endpoint table names the missing scope when the refused path (and the
 * method, when the paste shows it) needs exactly one. Anything else is ambiguous and says so.
 */
function explainByResource(input: HeaderInput, resource: string, error: Explanation['error'], ctx: ExplainContext): Explanation {
  const path = resource.split('?')[0];
  const row = input.method ? ctx.catalog.matchEndpoint(input.method, path)?.row : undefined;
  const operations = row ? [operationInfo(row, [])] : input.method ? [] : matchAnyMethod(path, ctx.catalog);
  const target = input.method ? `${input.method} ${path}` : path;
  const candidates = [...new Set(operations.flatMap((o) => o.requires))].sort(compareStrings);
  const refuse = (message: string, hint: string): never => {
    throw new UserError({ severity: 'error', code: 'explain-no-scope', flag: '<input>', message, hint });
  };
  if (operations.length === 0) {
    refuse(
      `the www-authenticate header names no scope= and no Okta API operation in the catalog matches resource="${target}"`,
      'paste the whole header, with scope="…", from the 403 response',
    );
  }
  if (candidates.length !== 1) {
    const ops = operations.map((o) => `${o.method} ${o.path} needs ${o.requires.length > 0 ? o.requires.join(' + ') : 'no scope'}`).join('; ');
    refuse(
      `the www-authenticate header names no scope=, and ${target} does not map to one scope: ${ops}`,
      input.method
        ? 'paste the whole header, with scope="…", from the 403 response'
        : `paste the request line too (e.g. ${operations[0].method} ${path} HTTP/1.1), or the whole header with scope="…"; or run explain on METHOD ${path}`,
    );
  }
  const request = { ...(input.method ? { method: input.method } : {}), path: resource };
  const out = explainScopes('missing-scope', candidates, operations, request, ctx);
  if (error) out.error = error;
  out.notes.unshift(`The header names no scope=; ${candidates[0]} is the one scope the endpoint table lists for ${target}.`);
  return out;
}

function explainEndpoint(input: EndpointInput, ctx: ExplainContext): Explanation {
  const m = ctx.catalog.matchEndpoint(input.method, input.path);
  if (!m) {
    const others = matchAnyMethod(input.path, ctx.catalog).map((o) => o.method);
    throw new UserError({
      severity: 'error',
      code: 'explain-unknown-endpoint',
      flag: '<input>',
      message: `no Okta API operation in the catalog matches ${input.method} ${input.path}`,
      hint:
        others.length > 0
          ? `the path exists for ${others.join(', ')}`
          : 'paste the path as the card or the 403 shows it, e.g. GET /api/v1/users/00u1abc or /api/v1/logs',
    });
  }
  const op = operationInfo(m.row, m.row.scopes);
  const request = { method: input.method, path: input.path };
  // A word where an id belongs (`/sessions/me`): the spec may lack that path, so say the match is a guess.
  const uncertain = m.uncertain.map(
    (u) => `${input.path} matched ${m.row.path} with {${u.param}} = "${u.value}": the spec has no such literal path, so this match is uncertain; check the path against the Okta API reference.`,
  );
  const lifecycle = m.row.lifecycle === 'GA' ? [] : [`${m.row.operationId} is ${m.row.lifecycle === 'preview' ? 'a preview feature (only in the spec of preview features)' : `marked ${m.row.lifecycle} in the spec`}: the org may need the feature enabled.`];
  if (notCallableByOAuthApp(m.row)) {
    const why =
      m.row.auth === 'api-token'
        ? `${m.row.method} ${m.row.path} (${m.row.operationId}) takes no OAuth scope: Okta's API spec authorizes it with an API token only, so no card can call it through the Okta Workflows OAuth app, whatever is granted.`
        : m.row.auth === 'client'
          ? `${m.row.method} ${m.row.path} (${m.row.operationId}) is an OAuth protocol endpoint that authenticates the calling client, not an Okta API call with scopes: granting scopes does not change it.`
          : `${m.row.method} ${m.row.path} (${m.row.operationId}) needs no OAuth scope according to Okta's API spec (it is public or uses a browser session), so a 403 from it is not about scopes.`;
    return {
      ...empty(ctx),
      verdict: 'endpoint',
      summary: why,
      request,
      operations: [op],
      resourceCards: cardsCalling([m.row], ctx.catalog),
      notes: [
        ...uncertain,
        ...lifecycle,
        m.row.auth === 'api-token'
          ? 'Call it from outside Workflows with an API token, or use another operation that takes an OAuth scope.'
          : 'A 403 with errorCode E0000006 from this operation means the authorizing admin lacks a permission: run explain on that error.',
      ],
    };
  }
  const out = explainScopes('endpoint', m.row.scopes, [op], request, ctx);
  out.notes.unshift(...uncertain, ...lifecycle);
  return out;
}

function explainPermission(input: PermissionInput, ctx: ExplainContext): Explanation {
  const said = input.summary ? ` Okta said: "${input.summary}".` : '';
  return {
    ...empty(ctx),
    verdict: 'missing-permission',
    summary:
      'Not a missing scope: Okta answered 403 E0000006 because the admin who authorized the Okta Workflows connection ' +
      `lacks the admin permission this operation needs.${said}`,
    error: { code: 'E0000006', ...(input.summary ? { description: input.summary } : {}) },
    steps: [
      'Find the admin who authorized the connection: Workflows console → Connections → the Okta connection.',
      'Give that admin a role whose permissions cover the operation (Admin Console → Security → Administrators), or pick an admin who already has one.',
      'Reauthorize the connection signed in as that admin: Workflows console → Connections → the Okta connection → Reauthorize.',
      'Run the flow again.',
    ],
    notes: ['Granting scopes does not fix this: the scopes bound what the connection may ask for, the admin\'s roles what it may do. Leave scopes.yaml as it is.'],
  };
}

function empty(ctx: ExplainContext): Pick<Explanation, 'operations' | 'scopes' | 'resourceCards' | 'flows' | 'config' | 'steps' | 'notes'> {
  return { operations: [], scopes: [], resourceCards: [], flows: [], config: ctx.config, steps: [], notes: [] };
}
