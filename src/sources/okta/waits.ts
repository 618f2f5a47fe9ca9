import type { FetchHeaders } from './response';
import type { WaitHeader } from './failures';

/** The retry and wait policy: what a 429 or 503 asks us to wait, by the server's clock. */

const DAY_MS = 86_400_000;

/** The server's clock: the response's Date, so that our clock's skew does not matter; else ours. */
export function serverNow(headers: FetchHeaders): number {
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
