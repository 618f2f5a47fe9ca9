import { notCallableByOAuthApp, type Catalog, type CatalogCard, type Confidence, type EndpointRow } from '../catalog/types';
import type { CardUse, FlowDecl } from '../manifest/types';
import type { Project } from '../project';
import { scopesOfUse } from '../resolve/resolve';
import type { ResolvedOrg } from '../resolve/types';
import { globMatch, riskOf, type RiskLevel } from '../risk';
import { needLabel } from '../report/wording';
import { UserError, type SourceLoc } from '../util/diagnostics';
import { HTTP_METHODS, type EndpointInput, type ExplainInput, type HeaderInput, type PermissionInput } from './parse';

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

/** Custom API calls listed per scope before "and N more": enough to recognise the family. */
const MAX_CALLS = 5;

const WORKFLOWS_APP = 'Okta Workflows OAuth';

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
        reauthorizeStep('Okta', [], 'to get a new token'),
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
      notes: ['Only error="insufficient_scope" with scope="…" points at a scope to grant.'],
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
  const candidates = [...new Set(operations.flatMap((o) => o.requires))].sort(cmp);
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

function configNotes(ctx: ExplainContext): string[] {
  return ctx.config.loaded
    ? []
    : [`No ${ctx.config.file} here, so this is explained without the declaration; pass --config FILE to check whether it grants the scope.`];
}

// ---------------------------------------------------------------------------------------------
// Scopes

function explainScopes(
  verdict: 'missing-scope' | 'scope' | 'endpoint',
  scopes: string[],
  operations: OperationInfo[],
  request: Explanation['request'],
  ctx: ExplainContext,
): Explanation {
  const { catalog, project } = ctx;
  const wanted = new Set(scopes);
  const ops = operations.map((o) => ({ ...o, needsExplainedScope: o.requires.some((s) => wanted.has(s)) }));
  // The operation(s) the token was refused for: among a path's methods, those needing the scope.
  const refused = ops.some((o) => o.needsExplainedScope) ? ops.filter((o) => o.needsExplainedScope) : ops;
  const refusedRows = refused.map((o) => `${o.method} ${o.path}`);
  const resourceCards = cardsCalling(refused, catalog);
  const resourceRefs = new Set(resourceCards.map((c) => c.ref));

  const explained = scopes.map((scope): ScopeExplanation => {
    const info = catalog.scope(scope);
    const risk = riskOf(scope);
    const deny = project?.manifest.policy?.deny.find((d) => globMatch(d.pattern, scope));
    return {
      scope,
      known: info !== undefined || catalog.isAutoGranted(scope),
      ...(info ? { description: cleanDescription(info.description) } : {}),
      autoGranted: catalog.isAutoGranted(scope),
      risk: { level: risk.level, rationale: risk.rationale },
      cards: cardsNeeding(scope, refusedRows, resourceRefs, catalog),
      orgs: project ? project.resolution.orgs.map((org) => orgGrant(org, scope, catalog)) : [],
      ...(deny ? { deniedBy: deny.pattern } : {}),
    };
  });

  const flows = project ? flowUses(project.manifest.flows, wanted, refused, resourceRefs, catalog) : [];
  const out: Explanation = {
    verdict,
    summary: summaryOf(verdict, scopes, request, refused),
    ...(request ? { request } : {}),
    operations: ops,
    scopes: explained,
    resourceCards,
    flows,
    config: ctx.config,
    steps: [],
    notes: configNotes(ctx),
  };
  fixSteps(out, ctx);
  for (const s of explained) {
    if (!s.known) out.notes.push(`${s.scope} is not in wf-scopes' catalog (a scope newer than its data?); the steps still apply.`);
    if (s.deniedBy) {
      out.notes.push(`scopes.yaml's policy denies ${s.scope} (\`${s.deniedBy}\`): granting it needs a suppression with a reason, or another way to do the job.`);
    }
  }
  return out;
}

function summaryOf(verdict: 'missing-scope' | 'scope' | 'endpoint', scopes: string[], request: Explanation['request'], refused: OperationInfo[]): string {
  const list = scopes.join(' and ');
  switch (verdict) {
    case 'missing-scope': {
      const target = request ? `The call to ${request.path}` : 'The call';
      const plural = scopes.length > 1 ? 'scopes' : 'scope';
      return `${target} failed with 403 insufficient_scope: the Okta Workflows connection's access token lacks the ${plural} ${list}.`;
    }
    case 'endpoint': {
      const op = refused[0];
      return `${op.method} ${op.path} (${op.operationId}) needs ${scopes.length > 1 ? `all of ${list}` : list}; without it the card fails with 403 insufficient_scope.`;
    }
    case 'scope':
      return `What needs ${list}, and how to grant it to the Okta Workflows connection.`;
  }
}

/** scopes.tsv descriptions carry provenance tags like `[WF-LISTED]`; they mean nothing to a reader. */
function cleanDescription(d: string): string {
  return d.replace(/\s*\[[A-Z][A-Z-]*\]/g, '').trim();
}

function operationInfo(row: EndpointRow, wanted: string[]): OperationInfo {
  return {
    method: row.method,
    path: row.path,
    operationId: row.operationId,
    requires: [...row.scopes],
    needsExplainedScope: row.scopes.some((s) => wanted.includes(s)),
  };
}

/** The header does not say which method was refused, so every method of the path is a candidate. */
function matchAnyMethod(path: string, catalog: Catalog): OperationInfo[] {
  const out: OperationInfo[] = [];
  const seen = new Set<string>();
  for (const method of HTTP_METHODS) {
    const m = catalog.matchEndpoint(method, path);
    if (!m) continue;
    const id = `${m.row.method} ${m.row.path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(operationInfo(m.row, []));
  }
  return out;
}

function cardInfo(card: CatalogCard, catalog: Catalog): CardInfo {
  return {
    ref: catalog.refOf(card),
    connector: catalog.connector(card.connector)?.name ?? card.connector,
    kind: card.kind,
    confidence: card.confidence,
    customApi: card.customApi,
  };
}

/** `METHOD /template` of a card's endpoint, normalised through the endpoint table so parameter names need not agree. */
function endpointId(endpoint: string, catalog: Catalog): string | undefined {
  const m = /^([A-Za-z]+)\s+(\S+)$/.exec(endpoint.trim());
  if (!m) return undefined;
  const row = catalog.matchEndpoint(m[1], m[2])?.row;
  return row ? `${row.method} ${row.path}` : `${m[1].toUpperCase()} ${m[2]}`;
}

/** Cards (other than Custom API Action) whose endpoints include one of the operations. */
function cardsCalling(ops: { method: string; path: string }[], catalog: Catalog): CardInfo[] {
  const ids = new Set(ops.map((o) => `${o.method} ${o.path}`));
  if (ids.size === 0) return [];
  return catalog.cards
    .filter((c) => !c.customApi && c.endpoints.some((e) => ids.has(endpointId(e, catalog) ?? '')))
    .sort(byConnectorThenName(catalog))
    .map((c) => cardInfo(c, catalog));
}

/** Catalog connector order (Okta first), then card name: `Okta Realms/…` must not sort before `Okta/…`. */
function byConnectorThenName(catalog: Catalog): (a: CatalogCard, b: CatalogCard) => number {
  const rank = (c: CatalogCard) => catalog.connectors.findIndex((k) => k.key === c.connector);
  return (a, b) => rank(a) - rank(b) || cmp(a.name, b.name);
}

/**
 * Every catalog card that needs the scope: the cards calling the refused operation first, the rest by
 * name, then each connector's Custom API Action with the calls that need the scope.
 */
function cardsNeeding(scope: string, refusedRows: string[], resourceRefs: Set<string>, catalog: Catalog): CardInfo[] {
  const first = (c: CatalogCard) => Number(resourceRefs.has(catalog.refOf(c)));
  const byName = byConnectorThenName(catalog);
  const plain = catalog.cards
    .filter((c) => !c.customApi && c.scopes.includes(scope))
    .sort((a, b) => first(b) - first(a) || byName(a, b))
    .map((c) => cardInfo(c, catalog));
  const calls = catalog.endpoints.filter((e) => e.scopes.includes(scope)).map((e) => `${e.method} ${e.path}`);
  if (calls.length === 0) return plain;
  const ordered = [...refusedRows.filter((r) => calls.includes(r)), ...calls.filter((c) => !refusedRows.includes(c)).sort(cmp)];
  const custom = catalog.cards
    .filter((c) => c.customApi)
    .map((c): CardInfo => {
      const shown = ordered.slice(0, MAX_CALLS);
      return { ...cardInfo(c, catalog), calls: shown, ...(ordered.length > shown.length ? { moreCalls: ordered.length - shown.length } : {}) };
    });
  return [...plain, ...custom];
}

function orgGrant(org: ResolvedOrg, scope: string, catalog: Catalog): OrgGrant {
  if (catalog.isOidcDefault(scope)) return { org: org.name, status: 'auto-granted', neededBy: [], reasons: [] };
  const s = org.scopes.find((x) => x.scope === scope);
  if (!s && catalog.isAutoGranted(scope)) return { org: org.name, status: 'default-unlisted', neededBy: [], reasons: [] };
  // A kept connection default's reason is no extraScopes entry: the cards already say why it is listed.
  if (s) return { org: org.name, status: 'granted', neededBy: s.neededBy.map(needLabel), reasons: s.reasons.filter((r) => r.kind !== 'connector-default').map((r) => r.reason) };
  // Okta: a `.manage` scope allows what its `.read` does; say so, but the catalog still asks for the `.read`.
  const broader = scope.endsWith('.read') ? `${scope.slice(0, -'.read'.length)}.manage` : undefined;
  const covered = broader !== undefined && org.scopes.some((x) => x.scope === broader);
  return { org: org.name, status: 'not-granted', neededBy: [], reasons: [], ...(covered ? { coveredBy: broader } : {}) };
}

/** How a flow's card reads in output: `Okta/Read User`, `Okta/Custom API Action: GET /api/v1/logs`. */
export function useLabel(use: CardUse, catalog: Catalog): string {
  switch (use.origin) {
    case 'catalog':
      return `${catalog.refOf(use.card)}${use.call ? `: ${use.call.method} ${use.call.path}` : ''}`;
    case 'custom':
      return `${catalog.connector(use.card.connector)?.name ?? use.card.connector}/${use.card.name}`;
    case 'unknown-event':
      return `${catalog.connector(use.connector)?.name ?? use.connector}/${use.name}`;
  }
}

function flowUses(flows: FlowDecl[], wanted: Set<string>, refused: OperationInfo[], resourceRefs: Set<string>, catalog: Catalog): FlowUse[] {
  const refusedIds = new Set(refused.map((o) => `${o.method} ${o.path}`));
  const out: FlowUse[] = [];
  for (const flow of flows) {
    for (const use of flow.trigger ? [flow.trigger, ...flow.cards] : flow.cards) {
      const because: string[] = [];
      if (use.origin === 'catalog') {
        if (use.call && refusedIds.has(`${use.call.endpoint.method} ${use.call.endpoint.path}`)) because.push(`calls ${use.call.endpoint.method} ${use.call.endpoint.path}`);
        else if (!use.call && resourceRefs.has(catalog.refOf(use.card))) because.push(`calls ${refused.map((o) => `${o.method} ${o.path}`).join(', ')}`);
      }
      for (const s of scopesOfUse(use, catalog).scopes) if (wanted.has(s)) because.push(`needs ${s}`);
      if (because.length === 0) continue;
      out.push({ flow: flow.name, ...(flow.orgs ? { orgs: [...flow.orgs] } : {}), card: useLabel(use, catalog), because, loc: use.loc });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The fix

function code(s: string): string {
  return `\`${s}\``;
}

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `why` completes "Reauthorize the Okta Workflows connection …": the token is only renewed by that. */
function reauthorizeStep(connector: string, scopes: string[], why: string): string {
  const tick = scopes.length > 0 ? ` If the connection uses "Customize scopes", also tick ${listOf(scopes.map(code))} there.` : '';
  return `Reauthorize the Okta Workflows connection ${why}: Workflows console → Connections → the ${connector} connection → Reauthorize.${tick}`;
}

/** The connector whose connection to reauthorize: that of the cards calling the refused operation, else Okta. */
function connectorOf(e: Explanation): string {
  const names = [...new Set((e.resourceCards.length > 0 ? e.resourceCards : e.scopes.flatMap((s) => s.cards.filter((c) => !c.customApi))).map((c) => c.connector))];
  return names.length === 1 ? names[0] : 'Okta';
}

function fixSteps(e: Explanation, ctx: ExplainContext): void {
  const toGrant = e.scopes.filter((s) => !s.autoGranted).map((s) => s.scope);
  const connector = connectorOf(e);
  if (toGrant.length === 0) {
    const names = listOf(e.scopes.map((s) => code(s.scope)));
    e.likelyCause = `${names} is a default scope the connection requests when it is authorized; it is missing only when its grant was revoked or the authorization is stale.`;
    e.steps = [
      `Check that the grant was not revoked: Admin Console → Applications → ${WORKFLOWS_APP} → Okta API Scopes. Never revoke default scopes: authorization fails without them.`,
      reauthorizeStep(connector, [], 'so that its token carries the default scopes again'),
      'Run the flow again.',
    ];
    return;
  }
  const project = ctx.project;
  const grants = e.scopes.filter((s) => !s.autoGranted).flatMap((s) => s.orgs);
  const missingOrgs = [...new Set(grants.filter((g) => g.status === 'not-granted').map((g) => g.org))];
  const scopesText = listOf(toGrant.map(code));

  if (project && project.resolution.orgs.length > 0 && missingOrgs.length === 0) {
    const orgs = project.resolution.orgs.map((o) => o.name);
    e.likelyCause =
      `${ctx.config.file} already grants ${scopesText} in ${orgs.length > 1 ? `every org (${orgs.join(', ')})` : `org ${orgs[0]}`}, ` +
      'so the connection was most likely not reauthorized since the grant, or the apply did not run in the org where the flow failed.';
    e.steps = [
      `Check that the grant reached that org: \`cdktf plan\` for its stack shows no change (or Admin Console → Applications → ${WORKFLOWS_APP} → Okta API Scopes lists ${scopesText} as granted). If not, apply it (\`cdktf deploy\`).`,
      reauthorizeStep(connector, toGrant, `so that its token carries the new grant${toGrant.length > 1 ? 's' : ''}`),
      'Run the flow again.',
    ];
    return;
  }

  const where = project && missingOrgs.length > 0 ? ` in ${missingOrgs.length > 1 ? 'orgs' : 'org'} ${missingOrgs.join(', ')}` : '';
  e.steps = [
    declareStep(e, toGrant, missingOrgs, ctx),
    `Run \`cdktf synth\`, review \`cdktf plan\`, then apply (\`cdktf deploy\`) so that the ${WORKFLOWS_APP} app is granted ${scopesText}${where}.`,
    reauthorizeStep(connector, toGrant, `so that its token carries the new grant${toGrant.length > 1 ? 's' : ''}`),
    'Run the flow again.',
  ];
}

function declareStep(e: Explanation, toGrant: string[], missingOrgs: string[], ctx: ExplainContext): string {
  const file = ctx.config.file;
  const extra = `(or list ${listOf(toGrant.map(code))} under \`extraScopes:\` with a \`reason:\`)`;
  // A flow that already uses the card but is limited to other orgs: widening its orgs is the fix.
  const limited = e.flows.filter((f) => f.orgs && missingOrgs.some((o) => !f.orgs?.includes(o)));
  if (limited.length > 0 && limited.length === e.flows.length) {
    const f = limited[0];
    const add = missingOrgs.filter((o) => !f.orgs?.includes(o));
    return `In ${file}, add ${listOf(add)} to \`orgs:\` of flow ${code(f.flow)}: it uses ${f.card} but runs only in ${listOf(f.orgs ?? [])} ${extra}.`;
  }
  const candidates = e.resourceCards.length > 0 ? e.resourceCards.map((c) => c.ref) : undefined;
  const refused = e.operations.filter((o) => o.needsExplainedScope);
  let card: string;
  if (candidates) card = `${listOf(candidates.map(code))} to \`cards:\` of the flow that failed`;
  else if (refused.length === 1) {
    card = `the card that calls ${refused[0].method} ${refused[0].path} to \`cards:\` of the flow that failed (a Custom API Action as ${code(`Okta/Custom API Action: ${refused[0].method} ${refused[0].path}`)})`;
  } else {
    const needing = e.scopes.flatMap((s) => s.cards.filter((c) => !c.customApi).map((c) => c.ref));
    const some = [...new Set(needing)].slice(0, 3);
    card = some.length > 0 ? `the card that needs it (e.g. ${listOf(some.map(code))}) to \`cards:\` of the flow that uses it` : 'the card that needs it to `cards:` of the flow that uses it';
  }
  const forOrgs = ctx.project && missingOrgs.length > 0 && missingOrgs.length < ctx.project.resolution.orgs.length ? ` (the flow must run in ${listOf(missingOrgs)})` : '';
  return `In ${file}, add ${card}${forOrgs} ${extra}.`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
