import { RequestExecutor } from '@okta/okta-sdk-nodejs';

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
}

export interface RequestStats {
  /** Every HTTP request that left, retries and token requests included. */
  requests: number;
  tokenRequests: number;
  retries: number;
}

export type TransportFailure =
  | { kind: 'readOnly'; method: string; path: string }
  | { kind: 'foreignOrigin'; method: string; origin: string }
  | { kind: 'timeout'; method: string; path: string; timeoutMs: number }
  | { kind: 'network'; method: string; path: string; code: string; attempts: number; retriable: boolean }
  | { kind: 'rateLimited'; method: string; path: string; waitedMs: number; resetAt?: Date; attempts: number }
  | { kind: 'server'; method: string; path: string; status: number; errorCode?: string; attempts: number }
  | { kind: 'malformed'; method: string; path: string; status: number; contentType: string }
  | { kind: 'token'; status: number; error?: string; description?: string };

/** A failure our executor detected itself; mapped to a UserError by `okta/errors.ts`. */
export class OktaTransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(`okta transport: ${failure.kind}`);
    this.name = 'OktaTransportError';
  }
}

/** The SDK reads a response once; we have already buffered it, so serve it from memory. */
class BufferedResponse {
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

/**
 * The SDK's extension point for HTTP: every API call (`Http.http`) and the OAuth token request
 * (`OAuth.getAccessToken`) go through `client.requestExecutor.fetch`. This executor is what makes the
 * audit read-only by construction: it refuses any method but GET, except a POST to the org's own
 * token endpoint when private-key credentials need one, and it refuses other origins (a hostile
 * `Link: next` must not receive the token). It also adds what the SDK lacks: a per-attempt
 * timeout, bounded retries with backoff for 5xx and dropped connections, a capped wait on 429, JSON
 * validation, and request counting.
 */
export class ReadOnlyRequestExecutor extends RequestExecutor {
  readonly stats: RequestStats = { requests: 0, tokenRequests: 0, retries: 0 };
  private readonly org: URL;
  private readonly tokenUrl: string;
  private readonly maxRateLimitWaitMs: number;
  private readonly retryBaseMs: number;

  constructor(private readonly opts: ExecutorOptions) {
    super();
    this.org = new URL(opts.orgUrl);
    this.tokenUrl = `${opts.orgUrl}/oauth2/v1/token`;
    this.maxRateLimitWaitMs = opts.maxRateLimitWaitMs ?? 30_000;
    this.retryBaseMs = opts.retryBaseMs ?? 500;
  }

  override async fetch(request: OutgoingRequest): Promise<BufferedResponse> {
    const href = String(request.url ?? '');
    const method = String(request.method ?? 'GET').toUpperCase();
    const url = new URL(href);
    const path = url.pathname;
    const isToken = method === 'POST' && url.href === this.tokenUrl;
    this.checkAllowed(method, url, isToken);

    let attempt = 0;
    let waitedMs = 0;
    for (;;) {
      attempt++;
      let res: BufferedResponse;
      try {
        res = await this.sendOnce(request, href, method, path, isToken);
      } catch (e) {
        if (e instanceof OktaTransportError) throw e;
        const code = errorCode(e);
        const retriable = RETRIABLE_CODES.has(code);
        if (retriable && attempt <= this.opts.maxRetries) {
          await this.backoff(attempt);
          continue;
        }
        throw new OktaTransportError({ kind: 'network', method, path, code, attempts: attempt, retriable });
      }

      if (res.status === 429) {
        const { waitMs, resetAt } = rateLimitWait(res.headers, this.retryBaseMs);
        if (attempt > this.opts.maxRetries || waitedMs + waitMs > this.maxRateLimitWaitMs) {
          throw new OktaTransportError({ kind: 'rateLimited', method, path, waitedMs, resetAt, attempts: attempt });
        }
        waitedMs += waitMs;
        this.stats.retries++;
        await sleep(waitMs);
        continue;
      }
      if (res.status >= 500) {
        if (attempt <= this.opts.maxRetries) {
          await this.backoff(attempt);
          continue;
        }
        throw new OktaTransportError({ kind: 'server', method, path, status: res.status, errorCode: okErrorCode(await res.text()), attempts: attempt });
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
      return res;
    }
  }

  private checkAllowed(method: string, url: URL, isToken: boolean): void {
    const prefix = this.org.pathname.replace(/\/+$/, '');
    if (url.origin !== this.org.origin || !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
      throw new OktaTransportError({ kind: 'foreignOrigin', method, origin: url.origin });
    }
    if (method === 'GET') return;
    if (isToken && this.opts.allowTokenRequest) return;
    throw new OktaTransportError({ kind: 'readOnly', method, path: url.pathname });
  }

  private async backoff(attempt: number): Promise<void> {
    this.stats.retries++;
    await sleep(Math.min(this.retryBaseMs * 2 ** (attempt - 1), 10_000));
  }

  /** One attempt: send, then read the whole body under the same deadline. */
  private async sendOnce(request: OutgoingRequest, href: string, method: string, path: string, isToken: boolean): Promise<BufferedResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.opts.timeoutMs);
    this.stats.requests++;
    if (isToken) this.stats.tokenRequests++;
    try {
      // A fresh options object per attempt: node-fetch reads method/headers/body/agent/signal from it.
      const res: FetchResponse = await super.fetch({
        url: href,
        method,
        headers: request.headers,
        body: request.body,
        agent: request.agent,
        signal: controller.signal,
      } as Parameters<RequestExecutor['fetch']>[0]);
      const text = await res.text();
      if (res.status >= 200 && res.status < 300 && text.trim() !== '') {
        try {
          JSON.parse(text);
        } catch {
          throw new OktaTransportError({ kind: 'malformed', method, path, status: res.status, contentType: res.headers.get('content-type') ?? 'none' });
        }
      }
      return new BufferedResponse(res.status, res.statusText, res.url || href, res.headers, text);
    } catch (e) {
      if (timedOut) throw new OktaTransportError({ kind: 'timeout', method, path, timeoutMs: this.opts.timeoutMs });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * How long Okta asks us to wait: X-Rate-Limit-Reset (epoch seconds) minus the response's Date, so
 * that our clock's skew does not matter; without a usable Date, our clock.
 */
export function rateLimitWait(headers: FetchHeaders, fallbackMs: number): { waitMs: number; resetAt?: Date } {
  const reset = Number.parseInt(headers.get('x-rate-limit-reset') ?? '', 10);
  if (!Number.isFinite(reset)) return { waitMs: fallbackMs };
  const dateMs = Date.parse(headers.get('date') ?? '');
  const now = Number.isFinite(dateMs) ? dateMs : Date.now();
  return { waitMs: Math.max(0, reset * 1000 - now), resetAt: new Date(reset * 1000) };
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
