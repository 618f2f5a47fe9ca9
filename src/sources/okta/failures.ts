/** The failures the read-only executor detects itself, mapped to a UserError by `errors.ts`. */

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
