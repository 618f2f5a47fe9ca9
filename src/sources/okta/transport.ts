import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';

/**
 * One HTTP exchange on node:http, without node-fetch: nothing is followed (a 3xx is handed back as
 * is), the body is counted while it streams and cut off at `maxBytes`, and a connection that closes
 * before the body is complete says so at once instead of waiting for the timeout.
 */

export interface ExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  signal: AbortSignal;
  maxBytes: number;
  /** Filled in as the answer arrives, so that a timeout can say how far it got. */
  progress?: { head: boolean; bytes: number };
}

/** Response headers with fetch's `get` (several values joined by `, `) and `forEach`. */
export class ResponseHeaders {
  private readonly map = new Map<string, string>();
  constructor(raw: IncomingMessage['headers']) {
    for (const [k, v] of Object.entries(raw)) {
      if (v !== undefined) this.map.set(k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v);
    }
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  forEach(cb: (value: string, name: string) => void): void {
    for (const [k, v] of this.map) cb(v, k);
  }
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  body: Buffer;
}

/** Raised for a body over the cap; not retried. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly announced: boolean,
  ) {
    super(`response body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Raised when the connection ends before the body does (retried like a dropped connection). */
export class ClosedEarlyError extends Error {
  readonly code = 'ECLOSEDEARLY';
  constructor(readonly bytes: number) {
    super(`connection closed after ${bytes} bytes`);
    this.name = 'ClosedEarlyError';
  }
}

/** A compressed body we never asked for: its size on the wire would not bound its size in memory. */
export class UnrequestedEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`unrequested content-encoding ${encoding}`);
    this.name = 'UnrequestedEncodingError';
  }
}

export function exchange(req: ExchangeRequest): Promise<RawResponse> {
  const lib = req.url.protocol === 'https:' ? https : http;
  const headers: OutgoingHttpHeaders = { ...req.headers };
  // No Accept-Encoding: an answer we would have to inflate could not be capped by its wire size.
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'accept-encoding') delete headers[k];
  if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);

  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(e);
    };
    const request = lib.request(req.url, { method: req.method, headers, agent: req.agent, signal: req.signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (req.progress) req.progress.head = true;
      const announced = Number(res.headers['content-length']);
      if (Number.isFinite(announced) && announced > req.maxBytes) return fail(new BodyTooLargeError(req.maxBytes, true));
      const encoding = (res.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity') return fail(new UnrequestedEncodingError(encoding));
      const chunks: Buffer[] = [];
      let bytes = 0;
      let ended = false;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (req.progress) req.progress.bytes = bytes;
        if (bytes > req.maxBytes) return fail(new BodyTooLargeError(req.maxBytes, false));
        chunks.push(chunk);
      });
      res.on('end', () => {
        ended = true;
        if (settled) return;
        settled = true;
        resolve({ status, statusText: res.statusMessage ?? '', headers: new ResponseHeaders(res.headers), body: Buffer.concat(chunks, bytes) });
      });
      // 'close' without 'end' (or an 'error' once the head arrived): the peer hung up mid-body.
      res.on('error', () => fail(req.signal.aborted ? req.signal.reason : new ClosedEarlyError(bytes)));
      res.on('close', () => {
        if (!ended) fail(req.signal.aborted ? req.signal.reason : new ClosedEarlyError(bytes));
      });
    });
    request.on('error', fail);
    request.end(req.body);
  });
}
