import { isPlainObject } from '../../util/json';
import { checkShape, normaliseErrorBody, shapeFor } from './shapes';
import { OktaTransportError } from './failures';
import type { RawResponse } from './transport';

/** What the executor hands back to the SDK: a response read whole, its status judged and its body checked. */

/**
 * The part of a node-fetch Response the SDK and we use. (The SDK's typings name node-fetch types that
 * are not installed, so we describe the shape ourselves.)
 */
export interface FetchHeaders {
  get(name: string): string | null;
  forEach(cb: (value: string, name: string) => void): void;
}
export interface FetchResponse {
  status: number;
  statusText: string;
  url: string;
  headers: FetchHeaders;
  text(): Promise<string>;
}

/** The SDK reads a response once; we have already buffered it, so serve it from memory. */
export class BufferedResponse implements FetchResponse {
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

/**
 * A response read whole, judged: a redirect or an odd status is an error; a 2xx body must hold the
 * shape Okta documents for `apiPath` (the path below the org's), and only those fields reach the SDK;
 * a 4xx body is cut to Okta's documented error fields.
 */
export function judgeResponse(raw: RawResponse, req: { url: URL; method: string; path: string; apiPath: string; isToken: boolean }): BufferedResponse {
  const { url, method, path, isToken } = req;
  const { status, headers } = raw;
  if (status >= 300 && status <= 399) {
    throw new OktaTransportError({ kind: 'redirect', method, path, status, location: locationOrigin(headers.get('location'), url) });
  }
  if (status < 200 || status > 599) throw new OktaTransportError({ kind: 'oddStatus', method, path, status });
  const text = raw.body.toString('utf8');
  const contentType = headers.get('content-type') ?? 'none';
  if (status >= 200 && status <= 299) {
    const shape = shapeFor(method, req.apiPath, isToken);
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

/** The origin a redirect points to, never its path, query or userinfo (they may carry secrets). */
function locationOrigin(location: string | null, base: URL): string | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return '(not a URL)';
  }
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function okErrorCode(text: string): string | undefined {
  const code = parseJsonObject(text)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}
