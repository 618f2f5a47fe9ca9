/**
 * A local stand-in for the parts of Okta's management API that wf-scopes reads, shaped as Okta
 * documents them: app search and lookup, scope consent grants (list, grant, revoke), the org
 * authorization server's token endpoint for private_key_jwt service apps, Link-header pagination,
 * rate-limit headers, Okta's JSON error bodies and the insufficient_scope `www-authenticate` header.
 *
 * Tests seed it, inject faults per route, then read the request log (every request, method + path),
 * e.g. to prove the tool never writes. It listens on 127.0.0.1 only.
 */
import { randomBytes, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RouteName = 'listApps' | 'getApp' | 'listGrants' | 'createGrant' | 'deleteGrant' | 'token' | 'listTokens' | 'listLogs';

export type Fault =
  /** 429 E0000047; X-Rate-Limit-Reset is `resetInSeconds` (default 1) after the current second. */
  | { kind: 'rateLimit'; resetInSeconds?: number }
  /** Any status with Okta's error body for it (5xx, 403 E0000006 without www-authenticate, …). */
  | { kind: 'status'; status: number; errorCode?: string; errorSummary?: string }
  /** Accept the request, then destroy the socket without answering. */
  | { kind: 'drop' }
  /** Never answer (until the server closes). */
  | { kind: 'hang' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  // Hostile faults: what a compromised proxy or a look-alike server could send.
  /** A 3xx to `location` (e.g. another server's URL, to see whether credentials follow). */
  | { kind: 'redirect'; status?: number; location?: string }
  /** The normal answer, with a `Link: rel="next"` to the very URL just requested. */
  | { kind: 'selfLink' }
  /** 200 with a JSON array of `bytes` bytes streamed in chunks (never held in memory); `announce` sets Content-Length. */
  | { kind: 'huge'; bytes: number; announce?: boolean }
  /** The normal answer, one byte every `intervalMs`. */
  | { kind: 'slowDrip'; intervalMs: number }
  /** Announces the normal answer's length, sends `afterBytes` of it, then closes the connection. */
  | { kind: 'earlyClose'; afterBytes: number }
  /** Any status, headers and JSON body (wrong types, odd statuses, error bodies of the wrong shape). */
  | { kind: 'body'; status?: number; body: unknown; headers?: Record<string, string> }
  /** Any status, headers and raw text. */
  | { kind: 'raw'; status?: number; text: string; headers?: Record<string, string> }
  /** 429 with no X-Rate-Limit-Reset and no Retry-After. */
  | { kind: 'rateLimitNoReset' };

/** An `OAuth2RefreshToken` to seed (one authorization of a connection). */
export interface SeedToken {
  id?: string;
  userId: string;
  scopes: string[];
  /** ISO; default now. */
  created?: string;
  status?: 'ACTIVE' | 'REVOKED';
  /** Default: the app's id (its OAuth client id). */
  clientId?: string;
  expiresAt?: string;
}

/** A System Log `LogEvent` to seed, in Okta's shape (extra fields pass through as given). */
export interface SeedEvent {
  uuid?: string;
  published: string;
  eventType: string;
  clientId?: string;
  actorId?: string;
  targetIds?: string[];
  /** `debugContext.debugData` as sent (grantedScopes, requestUri, requestMethod, …). */
  debugData?: Record<string, unknown>;
}

/** How the log endpoint misbehaves. */
export interface LogBehaviour {
  /** Answer every event whatever `filter`, `since` and `until` say. */
  ignoreQuery?: boolean;
  /** Always send a next link (a cursor that never ends). */
  endless?: boolean;
}

export interface SeedApp {
  id: string;
  label: string;
  /** Okta's internal app name; the Workflows OAuth app's is `flow`. */
  name?: string;
  status?: 'ACTIVE' | 'INACTIVE';
}

export interface SeedGrant {
  id?: string;
  scopeId: string;
  status?: 'ACTIVE' | 'REVOKED';
  /** Defaults to the server's own URL, as a grant made on this org would have. */
  issuer?: string;
  source?: 'ADMIN' | 'END_USER';
  /** ISO; default now. */
  created?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** `SSWS`, `Bearer`, `DPoP` or undefined: the scheme only, so logs never hold a secret. */
  authScheme?: string;
  /** Header names present (lower case), e.g. to see whether a DPoP proof was sent. */
  headerNames: string[];
  route?: RouteName;
}

export interface OktaServerOptions {
  /** SSWS API tokens; `scopes` undefined means the token may do everything. */
  apiTokens?: Record<string, { scopes?: string[] }>;
  /** Access tokens accepted as `Bearer` without going through the token endpoint. */
  accessTokens?: Record<string, { scopes?: string[] }>;
  /** Service apps allowed to use client_credentials; `publicKeyPem` makes the server check signatures. */
  clients?: Record<string, { scopes: string[]; publicKeyPem?: string }>;
  /** Items per page when the request has no `limit` (grants, apps). */
  pageSize?: number;
}

export interface OktaServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  addApp(app: SeedApp): void;
  /** Adds grants to an app; returns them as the API would list them. */
  addGrants(appId: string, grants: SeedGrant[]): GrantJson[];
  setPageSize(n: number): void;
  /** The next `times` requests on `route` get `fault` (queued after any faults already pending). */
  inject(route: RouteName, fault: Fault, times?: number): void;
  readonly requests: readonly RecordedRequest[];
  clearLog(): void;
  /** Adds refresh tokens to an app (`GET /api/v1/apps/{appId}/tokens`). */
  addTokens(appId: string, tokens: SeedToken[]): void;
  /** Adds System Log events (`GET /api/v1/logs`). */
  addEvents(events: SeedEvent[]): void;
  setLogBehaviour(b: LogBehaviour): void;
  close(): Promise<void>;
}

export interface GrantJson {
  id: string;
  status: 'ACTIVE' | 'REVOKED';
  issuer: string;
  clientId: string;
  scopeId: string;
  source: 'ADMIN' | 'END_USER';
  created: string;
  lastUpdated: string;
  _links: Record<string, unknown>;
}

interface AppRecord extends Required<SeedApp> {
  created: string;
  grants: GrantJson[];
  tokens: Record<string, unknown>[];
}

interface Principal {
  scheme: 'SSWS' | 'Bearer';
  scopes?: Set<string>;
}

const SUMMARIES: Record<string, string> = {
  E0000001: 'Api validation failed',
  E0000006: 'You do not have permission to perform the requested action',
  E0000007: 'Not found: Resource not found',
  E0000009: 'Internal Server Error',
  E0000011: 'Invalid token provided',
  E0000022: 'The endpoint does not support the provided HTTP method',
  E0000047: 'API call exceeded rate limit due to too many requests.',
};

const CODE_FOR_STATUS: Record<number, string> = {
  400: 'E0000001',
  401: 'E0000011',
  403: 'E0000006',
  404: 'E0000007',
  405: 'E0000022',
  429: 'E0000047',
};

/** Scopes a route needs; `.manage` includes `.read` as Okta documents. */
const ROUTE_SCOPES: Record<Exclude<RouteName, 'token'>, string[]> = {
  listApps: ['okta.apps.read', 'okta.apps.manage'],
  getApp: ['okta.apps.read', 'okta.apps.manage'],
  listGrants: ['okta.appGrants.read', 'okta.appGrants.manage'],
  createGrant: ['okta.appGrants.manage'],
  deleteGrant: ['okta.appGrants.manage'],
  listTokens: ['okta.apps.read', 'okta.apps.manage'],
  listLogs: ['okta.logs.read'],
};

const RATE_LIMIT = 600;

function oktaId(prefix: string): string {
  return prefix + randomBytes(8).toString('hex').slice(0, 17);
}

function b64urlJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startOktaServer(options: OktaServerOptions = {}): Promise<OktaServer> {
  const apps = new Map<string, AppRecord>();
  const accessTokens = new Map<string, Principal>();
  for (const [token, cfg] of Object.entries(options.accessTokens ?? {})) {
    accessTokens.set(token, { scheme: 'Bearer', scopes: cfg.scopes ? new Set(cfg.scopes) : undefined });
  }
  const clientKeys = new Map<string, KeyObject>();
  for (const [id, cfg] of Object.entries(options.clients ?? {})) {
    if (cfg.publicKeyPem) clientKeys.set(id, createPublicKey(cfg.publicKeyPem));
  }
  const faults = new Map<RouteName, Fault[]>();
  const log: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let pageSize = options.pageSize ?? 20;
  let windowReset = 0;
  let remaining = RATE_LIMIT;
  let base = '';
  const events: Record<string, unknown>[] = [];
  let logBehaviour: LogBehaviour = {};

  /** Faults that change how the normal answer travels, applied by sendJson. */
  let delivery: Fault | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Every response carries Okta's rate-limit headers for a one-minute window. */
  function rateHeaders(res: ServerResponse, resetOverride?: number): void {
    const nowS = Math.floor(Date.now() / 1000);
    if (nowS >= windowReset) {
      windowReset = nowS + 60;
      remaining = RATE_LIMIT;
    }
    remaining = Math.max(0, remaining - 1);
    res.setHeader('X-Rate-Limit-Limit', String(RATE_LIMIT));
    res.setHeader('X-Rate-Limit-Remaining', resetOverride === undefined ? String(remaining) : '0');
    res.setHeader('X-Rate-Limit-Reset', String(resetOverride ?? windowReset));
    res.setHeader('X-Okta-Request-Id', randomBytes(10).toString('base64url'));
    res.setHeader('Date', new Date().toUTCString());
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.setHeader('Content-Type', 'application/json');
    res.statusCode = status;
    const text = body === undefined ? '' : JSON.stringify(body);
    const how = delivery;
    delivery = undefined;
    if (how?.kind === 'slowDrip') return drip(res, Buffer.from(text), how.intervalMs);
    if (how?.kind === 'earlyClose') {
      res.setHeader('Content-Length', String(Buffer.byteLength(text)));
      res.write(Buffer.from(text).subarray(0, how.afterBytes), () => res.socket?.destroy());
      return;
    }
    res.end(text);
  }

  function drip(res: ServerResponse, bytes: Buffer, intervalMs: number): void {
    res.setHeader('Content-Length', String(bytes.length));
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= bytes.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(bytes.subarray(i, ++i));
    }, intervalMs);
    res.on('close', () => clearInterval(timer));
  }

  /** Streams `[{"scopeId":"okta.users.read"}, …]` of about `total` bytes, respecting backpressure. */
  function streamHuge(res: ServerResponse, total: number, announce: boolean): void {
    const item = Buffer.from('{"scopeId":"okta.users.read","status":"ACTIVE"},'.repeat(1000));
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    if (announce) res.setHeader('Content-Length', String(total));
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        const chunk = sent === 0 ? Buffer.concat([Buffer.from('['), item]) : item;
        const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  }

  function sendError(res: ServerResponse, status: number, code?: string, summary?: string, headers: Record<string, string> = {}): void {
    const errorCode = code ?? CODE_FOR_STATUS[status] ?? (status >= 500 ? 'E0000009' : 'E0000001');
    sendJson(
      res,
      status,
      {
        errorCode,
        errorSummary: summary ?? SUMMARIES[errorCode] ?? 'Error',
        errorLink: errorCode,
        errorId: oktaId('oae'),
        errorCauses: [],
      },
      headers,
    );
  }

  function route(method: string, path: string): { name: RouteName; appId?: string; grantId?: string } | 'badMethod' | undefined {
    if (path === '/oauth2/v1/token') return method === 'POST' ? { name: 'token' } : 'badMethod';
    if (path === '/api/v1/apps') return method === 'GET' ? { name: 'listApps' } : 'badMethod';
    if (path === '/api/v1/logs') return method === 'GET' ? { name: 'listLogs' } : 'badMethod';
    const t = /^\/api\/v1\/apps\/([^/]+)\/tokens$/.exec(path);
    if (t) return method === 'GET' ? { name: 'listTokens', appId: decodeURIComponent(t[1]) } : 'badMethod';
    let m = /^\/api\/v1\/apps\/([^/]+)$/.exec(path);
    if (m) return method === 'GET' ? { name: 'getApp', appId: decodeURIComponent(m[1]) } : 'badMethod';
    m = /^\/api\/v1\/apps\/([^/]+)\/grants$/.exec(path);
    if (m) {
      const appId = decodeURIComponent(m[1]);
      if (method === 'GET') return { name: 'listGrants', appId };
      if (method === 'POST') return { name: 'createGrant', appId };
      return 'badMethod';
    }
    m = /^\/api\/v1\/apps\/([^/]+)\/grants\/([^/]+)$/.exec(path);
    if (m) {
      const r = { appId: decodeURIComponent(m[1]), grantId: decodeURIComponent(m[2]) };
      return method === 'DELETE' ? { name: 'deleteGrant', ...r } : 'badMethod';
    }
    return undefined;
  }

  function authenticate(req: IncomingMessage): Principal | undefined {
    const header = req.headers.authorization ?? '';
    const sp = header.indexOf(' ');
    if (sp < 0) return undefined;
    const scheme = header.slice(0, sp);
    const value = header.slice(sp + 1).trim();
    if (scheme === 'SSWS') {
      const cfg = options.apiTokens?.[value];
      return cfg ? { scheme: 'SSWS', scopes: cfg.scopes ? new Set(cfg.scopes) : undefined } : undefined;
    }
    if (scheme === 'Bearer') return accessTokens.get(value);
    return undefined;
  }

  /** Applies a page window to `items` and sets Okta's `self`/`next` Link headers. */
  function paginate<T>(res: ServerResponse, url: URL, items: T[], idOf: (t: T) => string): T[] {
    const limitParam = url.searchParams.get('limit');
    const limit = limitParam ? Math.max(1, Math.min(200, Number(limitParam) || pageSize)) : pageSize;
    const after = url.searchParams.get('after');
    let start = 0;
    if (after) {
      const i = items.findIndex((t) => idOf(t) === after);
      start = i < 0 ? items.length : i + 1;
    }
    const page = items.slice(start, start + limit);
    const links = [`<${base}${url.pathname}${url.search}>; rel="self"`];
    if (start + limit < items.length && page.length > 0) {
      const next = new URL(url.pathname, base);
      for (const [k, v] of url.searchParams) if (k !== 'after') next.searchParams.set(k, v);
      next.searchParams.set('after', idOf(page[page.length - 1]));
      if (limitParam === null) next.searchParams.set('limit', String(limit));
      links.push(`<${next.href}>; rel="next"`);
    }
    // Okta sends one Link header per relation.
    res.setHeader('Link', links);
    return page;
  }

  function appJson(a: AppRecord): Record<string, unknown> {
    return {
      id: a.id,
      name: a.name,
      label: a.label,
      status: a.status,
      created: a.created,
      lastUpdated: a.created,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { client_id: a.id, autoKeyRotation: true, token_endpoint_auth_method: 'client_secret_basic' } },
      settings: { oauthClient: { grant_types: ['authorization_code'], response_types: ['code'], application_type: 'web' } },
      _links: { self: { href: `${base}/api/v1/apps/${a.id}` } },
    };
  }

  function handleToken(res: ServerResponse, body: string): void {
    const form = new URLSearchParams(body);
    const oauthError = (status: number, error: string, description: string): void =>
      sendJson(res, status, { error, error_description: description });
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    }
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return oauthError(401, 'invalid_client', 'A client_assertion_type of jwt-bearer is required.');
    }
    const parts = (form.get('client_assertion') ?? '').split('.');
    let header: unknown;
    let claims: unknown;
    try {
      if (parts.length !== 3) throw new Error('parts');
      header = b64urlJson(parts[0]);
      claims = b64urlJson(parts[1]);
    } catch {
      return oauthError(401, 'invalid_client', 'The client_assertion is not a well-formed JWT.');
    }
    if (!isRecord(header) || !isRecord(claims)) return oauthError(401, 'invalid_client', 'The client_assertion is not a well-formed JWT.');
    const clientId = claims.iss;
    const client = typeof clientId === 'string' ? options.clients?.[clientId] : undefined;
    if (typeof clientId !== 'string' || !client || claims.sub !== clientId) {
      return oauthError(401, 'invalid_client', 'The client_assertion token has an invalid issuer or subject.');
    }
    if (claims.aud !== `${base}/oauth2/v1/token`) {
      return oauthError(401, 'invalid_client', 'The audience claim for client_assertion must be the endpoint invoked for the request.');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
      return oauthError(401, 'invalid_client', 'The client_assertion token is expired.');
    }
    const key = clientKeys.get(clientId);
    if (key) {
      const ok =
        header.alg === 'RS256' &&
        verifySignature('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
      if (!ok) return oauthError(401, 'invalid_client', 'The client_assertion signature is invalid.');
    }
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const notAllowed = requested.filter((s) => !client.scopes.includes(s));
    if (requested.length === 0 || notAllowed.length > 0) {
      return oauthError(400, 'invalid_scope', `The following scopes are not allowed: ${notAllowed.join(', ') || '(none requested)'}`);
    }
    const token = randomBytes(24).toString('base64url');
    accessTokens.set(token, { scheme: 'Bearer', scopes: new Set(requested) });
    sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: token, scope: requested.join(' ') });
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', base);
    const r = route(method, url.pathname);
    const authz = req.headers.authorization;
    log.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authScheme: authz ? authz.split(' ')[0] : undefined,
      headerNames: Object.keys(req.headers).sort(),
      route: r && r !== 'badMethod' ? r.name : undefined,
    });

    if (r && r !== 'badMethod') {
      const queue = faults.get(r.name);
      const fault = queue?.shift();
      if (fault) {
        switch (fault.kind) {
          case 'hang':
            return;
          case 'drop':
            req.socket.destroy();
            return;
          case 'malformed':
            rateHeaders(res);
            res.setHeader('Content-Type', 'application/json');
            res.end('[{"id": "0oa1", "status": "ACT');
            return;
          case 'rateLimit':
            rateHeaders(res, Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 1));
            return sendError(res, 429, 'E0000047');
          case 'rateLimitNoReset':
            res.setHeader('Date', new Date().toUTCString());
            return sendError(res, 429, 'E0000047');
          case 'status':
            rateHeaders(res);
            return sendError(res, fault.status, fault.errorCode, fault.errorSummary);
          case 'redirect':
            rateHeaders(res);
            res.statusCode = fault.status ?? 302;
            if (fault.location !== undefined) res.setHeader('Location', fault.location);
            return void res.end();
          case 'huge':
            rateHeaders(res);
            return streamHuge(res, fault.bytes, fault.announce ?? false);
          case 'body':
            rateHeaders(res);
            for (const [k, v] of Object.entries(fault.headers ?? {})) res.setHeader(k, v);
            res.setHeader('Content-Type', 'application/json');
            res.statusCode = fault.status ?? 200;
            return void res.end(JSON.stringify(fault.body));
          case 'raw':
            rateHeaders(res);
            for (const [k, v] of Object.entries(fault.headers ?? {})) res.setHeader(k, v);
            res.statusCode = fault.status ?? 200;
            return void res.end(fault.text);
          case 'selfLink':
          case 'slowDrip':
          case 'earlyClose':
            // The normal answer, delivered the hostile way (below).
            delivery = fault;
            break;
        }
      }
    }

    rateHeaders(res);
    if (r === undefined) return sendError(res, 404, 'E0000007', `Not found: Resource not found: ${url.pathname}`);
    if (r === 'badMethod') return sendError(res, 405, 'E0000022');
    if (r.name === 'token') return handleToken(res, body);

    const principal = authenticate(req);
    if (!principal) return sendError(res, 401, 'E0000011');
    const needed = ROUTE_SCOPES[r.name];
    if (principal.scopes && !needed.some((s) => principal.scopes?.has(s))) {
      const challenge =
        `Bearer authorization_uri="${base}/oauth2/v1/authorize", realm="${base}", scope="${needed[0]}", ` +
        `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ` +
        `resource="${url.pathname}"`;
      return sendError(res, 403, 'E0000006', undefined, { 'WWW-Authenticate': challenge });
    }

    const app = r.appId !== undefined ? apps.get(r.appId) : undefined;
    if (delivery?.kind === 'selfLink') {
      delivery = undefined;
      res.setHeader('Link', [`<${base}${url.pathname}${url.search}>; rel="self"`, `<${base}${url.pathname}${url.search}>; rel="next"`]);
      const items = r.name === 'listGrants' ? (app?.grants ?? []) : [...apps.values()].map(appJson);
      return sendJson(res, 200, items);
    }
    switch (r.name) {
      case 'listApps': {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        // Okta's q is a case-insensitive startsWith on name or label, so near-namesakes come back too.
        const hits = [...apps.values()].filter((a) => a.label.toLowerCase().startsWith(q) || a.name.toLowerCase().startsWith(q));
        return sendJson(res, 200, paginate(res, url, hits, (a) => a.id).map(appJson));
      }
      case 'listTokens':
        if (!app) return sendError(res, 404, 'E0000007', `Not found: Resource not found: ${r.appId} (AppInstance)`);
        return sendJson(res, 200, paginate(res, url, app.tokens, (tk) => String(tk.id)));
      case 'listLogs':
        return listLogs(res, url);
      case 'getApp':
        if (!app) return sendError(res, 404, 'E0000007', `Not found: Resource not found: ${r.appId} (AppInstance)`);
        return sendJson(res, 200, appJson(app));
      case 'listGrants':
        if (!app) return sendError(res, 404, 'E0000007', `Not found: Resource not found: ${r.appId} (AppInstance)`);
        return sendJson(res, 200, paginate(res, url, app.grants, (g) => g.id));
      case 'createGrant': {
        if (!app) return sendError(res, 404, 'E0000007', `Not found: Resource not found: ${r.appId} (AppInstance)`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return sendError(res, 400, 'E0000003', 'The request body was not well-formed.');
        }
        if (!isRecord(parsed) || typeof parsed.scopeId !== 'string' || typeof parsed.issuer !== 'string') {
          return sendError(res, 400, 'E0000001', 'Api validation failed: issuer, scopeId');
        }
        const scopeId = parsed.scopeId;
        if (app.grants.some((g) => g.status === 'ACTIVE' && g.scopeId === scopeId)) {
          return sendError(res, 400, 'E0000001', `Api validation failed: scopeId ${scopeId} is already granted`);
        }
        const [grant] = addGrants(app.id, [{ scopeId, issuer: parsed.issuer }]);
        return sendJson(res, 201, grant);
      }
      case 'deleteGrant': {
        const grant = app?.grants.find((g) => g.id === r.grantId && g.status === 'ACTIVE');
        if (!app || !grant) return sendError(res, 404, 'E0000007', `Not found: Resource not found: ${r.grantId} (OAuth2ScopeConsentGrant)`);
        grant.status = 'REVOKED';
        grant.lastUpdated = new Date().toISOString();
        res.statusCode = 204;
        return void res.end();
      }
    }
  }

  /** `client.id eq "X"`, `eventType eq "X"`, `eventType sw "X"`, joined by `or` (what wf-scopes sends). */
  function filterPredicate(filter: string): ((e: Record<string, unknown>) => boolean) | undefined {
    const terms = filter.split(/\s+or\s+/);
    const preds: ((e: Record<string, unknown>) => boolean)[] = [];
    for (const term of terms) {
      const m = /^\s*(client\.id|eventType)\s+(eq|sw)\s+"([^"]*)"\s*$/.exec(term);
      if (!m) return undefined;
      const [, field, op, value] = m;
      preds.push((e) => {
        const v = field === 'eventType' ? e.eventType : isRecord(e.client) ? e.client.id : undefined;
        return typeof v === 'string' && (op === 'eq' ? v === value : v.startsWith(value));
      });
    }
    return (e) => preds.some((p) => p(e));
  }

  function listLogs(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const limit = Math.max(1, Math.min(1000, Number(q.get('limit') ?? '100') || 100));
    let items = events.slice();
    if (!logBehaviour.ignoreQuery) {
      const since = Date.parse(q.get('since') ?? new Date(Date.now() - 7 * 86_400_000).toISOString());
      const until = q.get('until') === null ? Infinity : Date.parse(q.get('until') ?? '');
      if (!Number.isFinite(since) || Number.isNaN(until)) return sendError(res, 400, 'E0000001', 'Api validation failed: since, until');
      const filter = q.get('filter');
      const pred = filter === null ? () => true : filterPredicate(filter);
      if (!pred) return sendError(res, 400, 'E0000001', 'Api validation failed: filter');
      items = items.filter((e) => {
        const at = Date.parse(String(e.published));
        return at >= since && at < until && pred(e);
      });
    }
    // events are kept sorted by published (addEvents), so the filtered list is too.
    if (q.get('sortOrder') === 'DESCENDING') items.reverse();
    const after = Number(q.get('after') ?? '0') || 0;
    const page = logBehaviour.endless ? items.slice(0, limit) : items.slice(after, after + limit);
    const links = [`<${base}${url.pathname}${url.search}>; rel="self"`];
    // A bounded request (until given) ends; a polling one keeps its next link, as Okta does.
    if (logBehaviour.endless || after + limit < items.length || q.get('until') === null) {
      const next = new URL(url.pathname, base);
      for (const [k, v] of q) if (k !== 'after') next.searchParams.set(k, v);
      next.searchParams.set('after', String(after + (logBehaviour.endless ? 1 : page.length)));
      links.push(`<${next.href}>; rel="next"`);
    }
    res.setHeader('Link', links);
    return sendJson(res, 200, page);
  }

  function addGrants(appId: string, grants: SeedGrant[]): GrantJson[] {
    const app = apps.get(appId);
    if (!app) throw new Error(`okta-server: no app ${appId}; addApp first`);
    const made = grants.map((g): GrantJson => {
      const id = g.id ?? oktaId('oag');
      const now = g.created ?? new Date().toISOString();
      return {
        id,
        status: g.status ?? 'ACTIVE',
        issuer: g.issuer ?? base,
        clientId: app.id,
        scopeId: g.scopeId,
        source: g.source ?? 'ADMIN',
        created: now,
        lastUpdated: now,
        _links: {
          app: { href: `${base}/api/v1/apps/${app.id}` },
          self: { href: `${base}/api/v1/apps/${app.id}/grants/${id}` },
          scope: { href: `${base}/api/v1/authorizationServers/default/scopes/${g.scopeId}` },
        },
      };
    });
    app.grants.push(...made);
    return made;
  }

  return {
    url: base,
    addApp(a) {
      apps.set(a.id, { id: a.id, label: a.label, name: a.name ?? 'oidc_client', status: a.status ?? 'ACTIVE', created: new Date().toISOString(), grants: [], tokens: [] });
    },
    addTokens(appId, tokens) {
      const app = apps.get(appId);
      if (!app) throw new Error(`okta-server: no app ${appId}; addApp first`);
      for (const t of tokens) {
        const id = t.id ?? oktaId('oar');
        const created = t.created ?? new Date().toISOString();
        app.tokens.push({
          id,
          status: t.status ?? 'ACTIVE',
          created,
          lastUpdated: created,
          expiresAt: t.expiresAt ?? new Date(Date.parse(created) + 90 * 86_400_000).toISOString(),
          issuer: base,
          clientId: t.clientId ?? app.id,
          userId: t.userId,
          scopes: t.scopes,
          _embedded: { scopes: t.scopes.map((s) => ({ id: oktaId('scp'), name: s, displayName: s })) },
          _links: { app: { href: `${base}/api/v1/apps/${app.id}` }, self: { href: `${base}/api/v1/apps/${app.id}/tokens/${id}` } },
        });
      }
    },
    addEvents(list) {
      for (const e of list) {
        events.push({
          uuid: e.uuid ?? oktaId('evt'),
          published: e.published,
          eventType: e.eventType,
          version: '0',
          severity: 'INFO',
          displayMessage: e.eventType,
          actor: { id: e.actorId ?? '00u1', type: 'User', alternateId: 'user@example.com', displayName: 'User' },
          client: e.clientId === undefined ? null : { id: e.clientId, userAgent: { rawUserAgent: 'okta-workflows' }, zone: 'null', ipAddress: '127.0.0.1' },
          outcome: { result: 'SUCCESS', reason: null },
          target: (e.targetIds ?? []).map((id) => ({ id, type: 'AppInstance', alternateId: id, displayName: id })),
          transaction: { type: 'WEB', id: oktaId('trs'), detail: {} },
          debugContext: { debugData: e.debugData ?? {} },
          authenticationContext: {},
          securityContext: {},
          request: { ipChain: [] },
        });
      }
      events.sort((a, b) => (String(a.published) < String(b.published) ? -1 : String(a.published) > String(b.published) ? 1 : 0));
    },
    setLogBehaviour(b) {
      logBehaviour = b;
    },
    addGrants,
    setPageSize(n) {
      pageSize = n;
    },
    inject(routeName, fault, times = 1) {
      const q = faults.get(routeName) ?? [];
      for (let i = 0; i < times; i++) q.push(fault);
      faults.set(routeName, q);
    },
    get requests() {
      return log.slice();
    },
    clearLog() {
      log.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
