import http from 'node:http';
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { LIMIT_DEFAULTS } from '../../util/limits';
import { OktaTransportError, type TooLongWait, type WaitHeader } from './failures';
import { BufferedResponse, judgeResponse, okErrorCode, parseJsonObject } from './response';
import { BodyTooLargeError, ClosedEarlyError, exchange, UnrequestedEncodingError, type RawResponse } from './transport';
import { rateLimitWait, retryAfterMs, serverNow } from './waits';

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
  /** Cap on one response body, enforced while it streams (default: util/limits.ts, maxResponse). */
  maxResponseBytes?: number;
  /** Cap on successful GETs, i.e. pages, for this executor (one org; default: util/limits.ts, maxPages). */
  maxPages?: number;
  /** Everything this executor sends, retries and waits included, ends by then (default: util/limits.ts, deadline). */
  deadlineMs?: number;
}

export interface RequestStats {
  /** Every HTTP request that left, retries and token requests included. */
  requests: number;
  tokenRequests: number;
  retries: number;
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

/** One request the SDK made, across its attempts. */
interface Call {
  request: OutgoingRequest;
  url: URL;
  method: string;
  path: string;
  isToken: boolean;
  attempt: number;
  /** Time spent in waits the server asked for, against the cap on all of them. */
  waitedMs: number;
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
    this.maxResponseBytes = opts.maxResponseBytes ?? LIMIT_DEFAULTS.maxResponse;
    this.maxPages = opts.maxPages ?? LIMIT_DEFAULTS.maxPages;
    this.deadlineMs = opts.deadlineMs ?? LIMIT_DEFAULTS.deadline * 1000;
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

    const call: Call = { request, url, method, path, isToken, attempt: 0, waitedMs: 0 };
    for (;;) {
      call.attempt++;
      const res = await this.attemptOrBackoff(call);
      if (res === undefined) continue;
      if (res.status === 429) {
        await this.waitOnRateLimit(call, res);
        continue;
      }
      if (res.status >= 500 && res.status <= 599) {
        await this.waitOnServerError(call, res);
        continue;
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

  /** One attempt; a dropped connection that may be retried waits its backoff and yields undefined. */
  private async attemptOrBackoff(call: Call): Promise<BufferedResponse | undefined> {
    const { method, path, attempt } = call;
    try {
      return await this.sendOnce(call.request, call.url, method, path, call.isToken);
    } catch (e) {
      if (e instanceof OktaTransportError) throw e;
      const code = errorCode(e);
      const retriable = RETRIABLE_CODES.has(code);
      if (retriable && attempt <= this.opts.maxRetries) {
        await this.backoff(attempt, method, path);
        return undefined;
      }
      const closedAfterBytes = e instanceof ClosedEarlyError ? e.bytes : undefined;
      throw new OktaTransportError({ kind: 'network', method, path, code, attempts: attempt, retriable, closedAfterBytes });
    }
  }

  /** A 429: wait what it asks (capped), or give up. */
  private async waitOnRateLimit(call: Call, res: BufferedResponse): Promise<void> {
    const { method, path, attempt } = call;
    const { waitMs, resetAt, header } = rateLimitWait(res.headers, this.retryBaseMs);
    const tooLong = this.tooLong(waitMs, call.waitedMs, header);
    if (attempt > this.opts.maxRetries || tooLong) {
      throw new OktaTransportError({ kind: 'rateLimited', method, path, waitedMs: call.waitedMs, resetAt, attempts: attempt, ...(tooLong ? { asked: tooLong } : {}) });
    }
    call.waitedMs += waitMs;
    this.stats.retries++;
    await sleep(waitMs);
  }

  /** A 5xx: back off, or wait what a Retry-After asks (capped), or give up. */
  private async waitOnServerError(call: Call, res: BufferedResponse): Promise<void> {
    const { method, path, attempt } = call;
    // A 503 may say when to come back (Retry-After); X-Rate-Limit-Reset is about the rate limit, not this.
    const askedMs = retryAfterMs(res.headers.get('retry-after'), serverNow(res.headers));
    if (attempt <= this.opts.maxRetries && askedMs === undefined) {
      await this.backoff(attempt, method, path);
      return;
    }
    const tooLong = askedMs === undefined ? undefined : this.tooLong(askedMs, call.waitedMs, 'Retry-After');
    if (attempt <= this.opts.maxRetries && askedMs !== undefined && !tooLong) {
      const ms = Math.max(askedMs, this.backoffMs(attempt));
      call.waitedMs += ms;
      this.stats.retries++;
      await sleep(ms);
      return;
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

    return judgeResponse(raw, { url, method, path, apiPath: path.slice(this.org.pathname.replace(/\/+$/, '').length), isToken });
  }
}

function stringHeaders(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}
