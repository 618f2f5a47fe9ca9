import http from 'node:http';
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { checkShape, normaliseErrorBody, shapeFor } from './shapes';
import { BodyTooLargeError, ClosedEarlyError, exchange, UnrequestedEncodingError, type RawResponse } from './transport';

/**
 * The part of a node-fetch Response the SDK and we use. (The SDK's typings name node-fetch types that
 * are not installed, so we describe the shape ourselves.)
 */
interface FetchHeaders {
  get(name: string): string | null;
  forEach(cb: (value: string, name: string) => void): void;
}
interface FetchResponse {
  status: number;
  statusText: string;
  url: string;
  headers: FetchHeaders;
  text(): Promise<string>;
}

/** What the SDK hands to `requestExecutor.fetch`: a plain options object or a generated RequestContext. */
interface OutgoingRequest {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  agent?: unknown;
}

export interface ExecutorOptions {
  /** Normalised org URL (no trailing slash). */
  orgUrl: string;
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Retries after the first attempt for 429, 5xx and dropped connections; 0 = none. */
  maxRetries: number;
  /** Cap on the total time spent waiting for rate-limit resets. */
  maxRateLimitWaitMs?: number;
  /** First backoff for 5xx and network errors; doubles each retry. */
  retryBaseMs?: number;
  /** Whether the SDK may POST to the org's token endpoint (private-key credentials only). */
  allowTokenRequest: boolean;
  /** Cap on one response body, enforced while it streams (default 16 MiB). */
  maxResponseBytes?: number;
  /** Cap on successful GETs, i.e. pages, for this executor (one org; default 500). */
  maxPages?: number;
  /** Everything this executor sends, retries and waits included, ends by then (default 300 s). */
  deadlineMs?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 500;
export const DEFAULT_DEADLINE_MS = 300_000;

export interface RequestStats {
  /** Every HTTP request that left, retries and token requests included. */
  requests: number;
  tokenRequests: number;
  retries: number;
}

export type TransportFailure =
  | { kind: 'readOnly'; method: string; path: string }
  | { kind: 'foreignOrigin'; method: string; origin: string }
  | { kind: 'timeout'; method: string; path: string; timeoutMs: number; bodyBytes?: number }
  | { kind: 'deadline'; method: string; path: string; deadlineMs: number }
  | { kind: 'network'; method: string; path: string; code: string; attempts: number; retriable: boolean; closedAfterBytes?: number }
  | { kind: 'rateLimited'; method: string; path: string; waitedMs: number; resetAt?: Date; attempts: number; asked?: TooLongWait }
  | { kind: 'server'; method: string; path: string; status: number; errorCode?: string; attempts: number; asked?: TooLongWait }
  | { kind: 'oddStatus'; method: string; path: string; status: number }
  | { kind: 'redirect'; method: string; path: string; status: number; location?: string }
  | { kind: 'tooLarge'; method: string; path: string; limit: number }
  | { kind: 'repeatedPage'; method: string; path: string }
  | { kind: 'tooManyPages'; method: string; path: string; limit: number }
  | { kind: 'malformed'; method: string; path: string; status: number; contentType: string }
  | { kind: 'shape'; method: string; path: string; problem: string }
  | { kind: 'token'; status: number; error?: string; description?: string };

/**
 * A wait the server asked for (Retry-After, X-Rate-Limit-Reset) that we will not make: it would end
 * past the org's deadline, or past the cap on all waits for one org. We give up at once instead.
 */
export interface TooLongWait {
  askedMs: number;
  /** Absent: our own backoff (the server named no wait) would pass the deadline. */
  header?: WaitHeader;
  cap: 'deadline' | 'wait';
  capMs: number;
}

export type WaitHeader = 'Retry-After' | 'X-Rate-Limit-Reset';

/** A failure our executor detected itself; mapped to a UserError by `okta/errors.ts`. */
export class OktaTransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(`okta transport: ${failure.kind}`);
    this.name = 'OktaTransportError';
  }
}

/** The SDK reads a response once; we have already buffered it, so serve it from memory. */
class BufferedResponse implements FetchResponse {
  readonly ok: boolean;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly headers: FetchHeaders,
    private readonly bodyText: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }
  json(): Promise<unknown> {
    return Promise.resolve().then(() => JSON.parse(this.bodyText) as unknown);
  }
  buffer(): Promise<Buffer> {
    return Promise.resolve(Buffer.from(this.bodyText, 'utf8'));
  }
}

const RETRIABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ECLOSEDEARLY',
]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function errorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) return 'unknown';
  const rec = e as { code?: unknown; errno?: unknown; message?: unknown };
  if (typeof rec.code === 'string') return rec.code;
  if (typeof rec.errno === 'string') return rec.errno;
  if (typeof rec.message === 'string' && /premature close/i.test(rec.message)) return 'ERR_STREAM_PREMATURE_CLOSE';
  return 'unknown';
}

/** Why an attempt was aborted: its own timeout or the executor's overall deadline. */
type AbortReason = 'timeout' | 'deadline';

/**
 * The SDK's extension point for HTTP: every API call (`Http.http`) and the OAuth token request
 * (`OAuth.getAccessToken`) go through `client.requestExecutor.fetch`. This executor is what makes the
 * audit read-only and bounded by construction:
 * - it refuses any method but GET, except a POST to the org's own token endpoint when private-key
 *   credentials need one, and any URL outside the org's origin (scheme, host and port) and path, so
 *   a hostile `Link: next` never receives the credentials;
 * - it follows no redirect: a 3xx is an error naming only the Location's origin;
 * - it caps each body while it streams, the pages read (and refuses a page it already read), and the
 *   whole conversation by one deadline;
 * - it checks every 2xx body against the shape Okta documents and hands the SDK only those fields;
 * - a per-attempt timeout, bounded retries with backoff for 5xx and dropped connections, a capped
 *   wait on 429, and request counting.
 */
export class ReadOnlyRequestExecutor extends RequestExecutor {
  readonly stats: RequestStats = { requests: 0, tokenRequests: 0, retries: 0 };
  private readonly org: URL;
  private readonly tokenUrl: string;
  private readonly maxRateLimitWaitMs: number;
  private readonly retryBaseMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxPages: number;
  private readonly deadlineMs: number;
  private readonly deadlineAt: number;
  private readonly pagesRead = new Set<string>();

  constructor(private readonly opts: ExecutorOptions) {
    super();
    this.org = new URL(opts.orgUrl);
    this.tokenUrl = `${opts.orgUrl}/oauth2/v1/token`;
    this.maxRateLimitWaitMs = opts.maxRateLimitWaitMs ?? 30_000;
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    this.deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.deadlineAt = Date.now() + this.deadlineMs;
  }

  override async fetch(request: OutgoingRequest): Promise<BufferedResponse> {
    const href = String(request.url ?? '');
    const method = String(request.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      throw new OktaTransportError({ kind: 'foreignOrigin', method, origin: '(not a URL)' });
    }
    const path = url.pathname;
    const isToken = method === 'POST' && url.href === this.tokenUrl;
    this.checkAllowed(method, url, isToken);
    // A `next` link back to a page already read would loop forever; a 401 retry is not a page read.
    if (method === 'GET' && this.pagesRead.has(url.href)) throw new OktaTransportError({ kind: 'repeatedPage', method, path });
    if (method === 'GET' && this.pagesRead.size >= this.maxPages) throw new OktaTransportError({ kind: 'tooManyPages', method, path, limit: this.maxPages });

    let attempt = 0;
    let waitedMs = 0;
    for (;;) {
      attempt++;
      let res: BufferedResponse;
      try {
        res = await this.sendOnce(request, url, method, path, isToken);
      } catch (e) {
        if (e instanceof OktaTransportError) throw e;
        const code = errorCode(e);
        const retriable = RETRIABLE_CODES.has(code);
        if (retriable && attempt <= this.opts.maxRetries) {
          await this.backoff(attempt, method, path);
          continue;
        }
        const closedAfterBytes = e instanceof ClosedEarlyError ? e.bytes : undefined;
        throw new OktaTransportError({ kind: 'network', method, path, code, attempts: attempt, retriable, closedAfterBytes });
      }

      if (res.status === 429) {
        const { waitMs, resetAt, header } = rateLimitWait(res.headers, this.retryBaseMs);
        const tooLong = this.tooLong(waitMs, waitedMs, header);
        if (attempt > this.opts.maxRetries || tooLong) {
          throw new OktaTransportError({ kind: 'rateLimited', method, path, waitedMs, resetAt, attempts: attempt, ...(tooLong ? { asked: tooLong } : {}) });
        }
        waitedMs += waitMs;
        this.stats.retries++;
        await sleep(waitMs);
        continue;
      }
      if (res.status >= 500 && res.status <= 599) {
        // A 503 may say when to come back (Retry-After); X-Rate-Limit-Reset is about the rate limit, not this.
        const askedMs = retryAfterMs(res.headers.get('retry-after'), serverNow(res.headers));
        if (attempt <= this.opts.maxRetries && askedMs === undefined) {
          await this.backoff(attempt, method, path);
          continue;
        }
        const tooLong = askedMs === undefined ? undefined : this.tooLong(askedMs, waitedMs, 'Retry-After');
        if (attempt <= this.opts.maxRetries && askedMs !== undefined && !tooLong) {
          const ms = Math.max(askedMs, this.backoffMs(attempt));
          waitedMs += ms;
          this.stats.retries++;
          await sleep(ms);
          continue;
        }
        throw new OktaTransportError({
          kind: 'server',
          method,
          path,
          status: res.status,
          errorCode: okErrorCode(await res.text()),
          attempts: attempt,
          ...(tooLong && attempt <= this.opts.maxRetries ? { asked: tooLong } : {}),
        });
      }
      if (isToken && !res.ok) {
        const body = parseJsonObject(await res.text());
        throw new OktaTransportError({
          kind: 'token',
          status: res.status,
          error: typeof body?.error === 'string' ? body.error : undefined,
          description: typeof body?.error_description === 'string' ? body.error_description : undefined,
        });
      }
      if (method === 'GET' && res.ok) this.pagesRead.add(url.href);
      return res;
    }
  }

  private checkAllowed(method: string, url: URL, isToken: boolean): void {
    const prefix = this.org.pathname.replace(/\/+$/, '');
    // origin compares scheme, host and port; userinfo in a link would be sent as Basic credentials.
    const sameOrigin = url.origin === this.org.origin && url.username === '' && url.password === '';
    if (!sameOrigin || !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
      throw new OktaTransportError({ kind: 'foreignOrigin', method, origin: url.origin });
    }
    if (method === 'GET') return;
    if (isToken && this.opts.allowTokenRequest) return;
    throw new OktaTransportError({ kind: 'readOnly', method, path: url.pathname });
  }

  /** A wait the server asked for that would end past the deadline or the cap on all waits. */
  private tooLong(askedMs: number, waitedMs: number, header: WaitHeader | undefined): TooLongWait | undefined {
    const named = header ? { header } : {};
    const pastDeadline = Date.now() + askedMs >= this.deadlineAt;
    const pastCap = waitedMs + askedMs > this.maxRateLimitWaitMs;
    // Named: the cap that binds first.
    if (pastCap && (!pastDeadline || this.maxRateLimitWaitMs - waitedMs <= this.deadlineAt - Date.now())) {
      return { askedMs, ...named, cap: 'wait', capMs: this.maxRateLimitWaitMs };
    }
    if (pastDeadline) return { askedMs, ...named, cap: 'deadline', capMs: this.deadlineMs };
    return undefined;
  }

  private backoffMs(attempt: number): number {
    return Math.min(this.retryBaseMs * 2 ** (attempt - 1), 10_000);
  }

  private async backoff(attempt: number, method: string, path: string): Promise<void> {
    const ms = this.backoffMs(attempt);
    if (Date.now() + ms >= this.deadlineAt) throw new OktaTransportError({ kind: 'deadline', method, path, deadlineMs: this.deadlineMs });
    this.stats.retries++;
    await sleep(ms);
  }

  /** One attempt: send, then read the whole body under the same deadline, then check it. */
  private async sendOnce(request: OutgoingRequest, url: URL, method: string, path: string, isToken: boolean): Promise<BufferedResponse> {
    const left = this.deadlineAt - Date.now();
    if (left <= 0) throw new OktaTransportError({ kind: 'deadline', method, path, deadlineMs: this.deadlineMs });
    const reason: AbortReason = left < this.opts.timeoutMs ? 'deadline' : 'timeout';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(reason), Math.min(left, this.opts.timeoutMs));
    this.stats.requests++;
    if (isToken) this.stats.tokenRequests++;
    let raw: RawResponse;
    const progress = { head: false, bytes: 0 };
    try {
      raw = await exchange({
        progress,
        url,
        method,
        headers: stringHeaders(request.headers),
        body: request.body === undefined || request.body === null ? undefined : String(request.body),
        agent: request.agent instanceof http.Agent ? request.agent : undefined,
        signal: controller.signal,
        maxBytes: this.maxResponseBytes,
      });
    } catch (e) {
      if (controller.signal.aborted) {
        if (reason === 'deadline') throw new OktaTransportError({ kind: 'deadline', method, path, deadlineMs: this.deadlineMs });
        throw new OktaTransportError({ kind: 'timeout', method, path, timeoutMs: this.opts.timeoutMs, bodyBytes: progress.head ? progress.bytes : undefined });
      }
      if (e instanceof BodyTooLargeError) throw new OktaTransportError({ kind: 'tooLarge', method, path, limit: e.limit });
      if (e instanceof UnrequestedEncodingError) {
        throw new OktaTransportError({ kind: 'shape', method, path, problem: `the body is encoded (${e.encoding.slice(0, 20).replace(/[^\w-]/g, '?')}) though no encoding was asked for` });
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }

    const { status, headers } = raw;
    if (status >= 300 && status <= 399) {
      throw new OktaTransportError({ kind: 'redirect', method, path, status, location: locationOrigin(headers.get('location'), url) });
    }
    if (status < 200 || status > 599) throw new OktaTransportError({ kind: 'oddStatus', method, path, status });
    const text = raw.body.toString('utf8');
    const contentType = headers.get('content-type') ?? 'none';
    if (status >= 200 && status <= 299) {
      const shape = shapeFor(method, path.slice(this.org.pathname.replace(/\/+$/, '').length), isToken);
      if (text.trim() === '') {
        if (shape !== 'unchecked') throw new OktaTransportError({ kind: 'shape', method, path, problem: `the body is empty (HTTP ${status})` });
        return new BufferedResponse(status, raw.statusText, url.href, headers, text);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new OktaTransportError({ kind: 'malformed', method, path, status, contentType });
      }
      const checked = checkShape(shape, parsed);
      if (!checked.ok) throw new OktaTransportError({ kind: 'shape', method, path, problem: checked.problem });
      return new BufferedResponse(status, raw.statusText, url.href, headers, checked.text);
    }
    // 4xx (5xx are retried or reported by the caller): only Okta's documented error fields reach the SDK.
    return new BufferedResponse(status, raw.statusText, url.href, headers, status >= 500 ? text : normaliseErrorBody(text));
  }
}

function stringHeaders(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

/** The origin a redirect points to, never its path, query or userinfo (they may carry secrets). */
function locationOrigin(location: string | null, base: URL): string | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return '(not a URL)';
  }
}

const DAY_MS = 86_400_000;

/** The server's clock: the response's Date, so that our clock's skew does not matter; else ours. */
function serverNow(headers: FetchHeaders): number {
  const dateMs = Date.parse(headers.get('date') ?? '');
  return Number.isFinite(dateMs) ? dateMs : Date.now();
}

/**
 * Retry-After as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Absent or
 * unreadable: undefined. A date already past asks for no wait; a value no clock can hold, for an
 * endless one.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  const v = value?.trim() ?? '';
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, Number.MAX_SAFE_INTEGER);
  if (!/[A-Za-z]/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * How long a 429 asks us to wait: the later of Retry-After and X-Rate-Limit-Reset (epoch seconds),
 * both against the response's Date. A reset already past (or negative, or otherwise absurd) says the
 * window is over, so it asks for nothing; `resetAt` is given only for a reset within a day, the only
 * ones worth printing. Neither header: `fallbackMs`, a short backoff.
 */
export function rateLimitWait(headers: FetchHeaders, fallbackMs: number): { waitMs: number; resetAt?: Date; header?: WaitHeader } {
  const now = serverNow(headers);
  let best: { waitMs: number; resetAt?: Date; header: WaitHeader } | undefined;
  const raw = headers.get('x-rate-limit-reset')?.trim() ?? '';
  if (/^-?\d+$/.test(raw)) {
    const resetMs = Number(raw) * 1000;
    if (resetMs > now) {
      const waitMs = Math.min(resetMs - now, Number.MAX_SAFE_INTEGER);
      best = { waitMs, header: 'X-Rate-Limit-Reset', ...(waitMs <= DAY_MS ? { resetAt: new Date(resetMs) } : {}) };
    }
  }
  const after = retryAfterMs(headers.get('retry-after'), now);
  if (after !== undefined && (best === undefined || after > best.waitMs)) best = { ...(best?.resetAt ? { resetAt: best.resetAt } : {}), waitMs: after, header: 'Retry-After' };
  return best ?? { waitMs: fallbackMs };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function okErrorCode(text: string): string | undefined {
  const code = parseJsonObject(text)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}
