import { UserError, type Diagnostic } from '../../util/diagnostics';
import { redact, type OktaCredentials } from './credentials';
import { OktaTransportError, type TooLongWait, type TransportFailure } from './failures';
import { cleanForeign, foreignToken, quoteForeign, redactUserinfo } from '../../util/redact-url';
import { LIMIT_ENV as ENV } from '../../util/limits';

// Size: fromTransport is one exhaustive switch with a case per TransportFailure kind, each its own message.

/** The fields of the SDK's OktaApiError / HttpError we rely on (HttpError is not exported). */
interface SdkHttpError {
  status: number | string;
  errorCode?: string | number;
  errorSummary?: string;
  url?: string;
  headers?: { get(name: string): string | null };
}

function isSdkHttpError(e: unknown): e is SdkHttpError {
  if (typeof e !== 'object' || e === null) return false;
  const rec = e as { status?: unknown; name?: unknown };
  return (rec.name === 'OktaApiError' || rec.name === 'HttpError') && (typeof rec.status === 'number' || typeof rec.status === 'string');
}

/** The parameters of a `www-authenticate: Bearer k="v", …` challenge. */
export function parseWwwAuthenticate(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.matchAll(/([A-Za-z_]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

export interface ErrorContext {
  orgUrl: string;
  credentials: OktaCredentials;
  secrets: readonly string[];
  /** What we were doing, e.g. `reading the grants of app 0oa1`. */
  doing: string;
  /** The message for a 404 on this call, if it has a specific meaning. */
  notFound?: string;
  /**
   * What a plain 403 on this call means: what the caller may not read and which role fixes it.
   * Without it, the call reads apps and their grants.
   */
  forbidden?: { mayNot: string; hint: string };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))} s`;
}

/** A wait for people: seconds up to two minutes, then minutes, then hours; beyond a day, just that. */
function duration(ms: number): string {
  if (ms > 86_400_000) return 'more than a day';
  if (ms < 120_000) return seconds(ms);
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Why a wait was not made: `the server asks to wait 2 min (Retry-After), more than …`. */
function tooLongText(a: TooLongWait): string {
  const cap = a.cap === 'deadline' ? `the ${seconds(a.capMs)} one org may take in all (${ENV.deadline})` : `the ${seconds(a.capMs)} wf-scopes waits on one org in all`;
  if (a.header === undefined) return `a backoff of ${duration(a.askedMs)} would pass ${cap}`;
  if (a.askedMs > 86_400_000) return `the reset is too far off (more than a day, ${a.header}), beyond ${cap}`;
  return `the server asks to wait ${duration(a.askedMs)} (${a.header}), more than ${cap}`;
}

function whoAmI(c: OktaCredentials): { what: string; envVar: string } {
  switch (c.kind) {
    case 'apiToken':
      return { what: 'the API token', envVar: 'OKTA_API_TOKEN' };
    case 'accessToken':
      return { what: 'the access token', envVar: 'OKTA_ACCESS_TOKEN' };
    case 'privateKey':
      return { what: `the access token of service app ${c.clientId}`, envVar: 'OKTA_API_CLIENT_ID / OKTA_API_PRIVATE_KEY' };
  }
}

function diag(code: string, message: string, hint?: string): Diagnostic {
  return { severity: 'error', code, message, hint };
}

function fromTransport(f: TransportFailure, ctx: ErrorContext): Diagnostic {
  const org = ctx.orgUrl;
  switch (f.kind) {
    case 'timeout':
      if (f.bodyBytes !== undefined) {
        return diag(
          'okta-timeout',
          `the answer from ${org} to ${f.method} ${f.path} was still incomplete after ${seconds(f.timeoutMs)} (--timeout; ${f.bodyBytes} bytes of body received) while ${ctx.doing}`,
        );
      }
      return diag('okta-timeout', `no answer from ${org} within ${seconds(f.timeoutMs)} (--timeout) while ${ctx.doing}`);
    case 'deadline':
      return diag(
        'okta-deadline',
        `gave up on ${org} at ${f.method} ${f.path}: reading one org may take ${seconds(f.deadlineMs)} in all (${ENV.deadline}) while ${ctx.doing}`,
        `retry later, or raise ${ENV.deadline} (seconds)`,
      );
    case 'network':
      if (f.closedAfterBytes !== undefined) {
        return diag(
          'okta-network',
          `${org} closed the connection after ${f.closedAfterBytes} bytes of the answer to ${f.method} ${f.path} while ${ctx.doing}` +
            `${f.attempts > 1 ? `, ${f.attempts} attempts` : ''}`,
          'a proxy or load balancer may be cutting responses; retry, or check HTTPS_PROXY',
        );
      }
      return diag(
        'okta-network',
        `cannot reach ${org} (${f.code}) while ${ctx.doing}${f.attempts > 1 ? `, after ${f.attempts} attempts` : ''}`,
        f.retriable ? 'check the network or proxy (HTTPS_PROXY), then retry' : 'check the org domain and the network (DNS, TLS, proxy)',
      );
    case 'redirect':
      return diag(
        'okta-redirect',
        `${org} answered ${f.status} to ${f.method} ${f.path}, a redirect to ${f.location === undefined ? 'no Location' : quoteForeign(f.location)}, while ${ctx.doing}: ` +
          'redirects are not followed and no credentials were sent there',
        'use the org\'s own URL (https://<org>.okta.com, not a vanity or admin domain), and check any proxy in between',
      );
    case 'oddStatus':
      return diag('okta-http', `${org} answered ${f.method} ${f.path} with HTTP status ${f.status}, which Okta does not send, while ${ctx.doing}`);
    case 'tooLarge':
      return diag(
        'okta-too-large',
        `${org} sent more than ${f.limit} bytes in answer to ${f.method} ${f.path} while ${ctx.doing}; stopped reading`,
        `Okta pages are far smaller: check the org URL; ${ENV.maxResponse} raises the cap`,
      );
    case 'repeatedPage':
      return diag(
        'okta-pagination',
        `${org} linked back to a page already read (${f.method} ${f.path}) while ${ctx.doing}: stopped instead of looping`,
        'the server\'s Link: rel="next" header points to itself or to an earlier page; check any proxy in between',
      );
    case 'tooManyPages':
      return diag(
        'okta-pagination',
        `${org} kept sending next pages: stopped after ${f.limit} (${f.method} ${f.path}) while ${ctx.doing}`,
        `${ENV.maxPages} raises the cap if the org really holds that many`,
      );
    case 'shape':
      return diag(
        'okta-malformed',
        `${org} answered ${f.method} ${f.path} with JSON that is not what Okta documents (${f.problem}) while ${ctx.doing}`,
        'a proxy may be rewriting the response; check the org URL and HTTPS_PROXY',
      );
    case 'rateLimited':
      return diag(
        'okta-rate-limit',
        `rate limited by ${org} (429 E0000047) on ${f.method} ${f.path} while ${ctx.doing}: ` +
          (f.waitedMs > 0 ? `gave up after waiting ${seconds(f.waitedMs)}` : f.asked ? 'gave up at once' : 'gave up without waiting') +
          (f.asked ? `: ${tooLongText(f.asked)}` : ` (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}, --retries)`) +
          (f.resetAt ? `; the limit resets at ${f.resetAt.toISOString()}` : ''),
        `${f.resetAt ? 'retry after the reset' : f.asked?.header ? `retry after the wait it asks for (${f.asked.header})` : 'Okta gave no reset time: retry in a minute'}, ` +
          'or lower the load from other API clients sharing this rate limit',
      );
    case 'server':
      return diag(
        'okta-server',
        `${org} answered ${f.status}${f.errorCode ? ` ${foreignToken(f.errorCode)}` : ''} to ${f.method} ${f.path} while ${ctx.doing}` +
          `${f.attempts > 1 ? ` (${f.attempts} attempts)` : ''}` +
          (f.asked ? `; gave up at once: ${tooLongText(f.asked)}` : ''),
        'Okta had a server-side problem; retry later (status.okta.com)',
      );
    case 'malformed':
      return diag(
        'okta-malformed',
        `${org} answered ${f.method} ${f.path} with a body that is not valid JSON (HTTP ${f.status}, ${f.contentType}) while ${ctx.doing}`,
        'a proxy may be rewriting the response; check the org URL and HTTPS_PROXY',
      );
    case 'token':
      return diag(
        'okta-auth',
        `${org} refused to issue an access token (${f.status}${f.error ? ` ${foreignToken(f.error)}` : ''}${f.description ? `: ${cleanForeign(f.description)}` : ''})`,
        f.error === 'invalid_scope'
          ? 'grant these scopes to the service app (OKTA_API_CLIENT_ID) in the Admin Console, or fix OKTA_API_SCOPES'
          : 'check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID against the service app\'s public key',
      );
    case 'readOnly':
      return diag('okta-read-only', `refused ${f.method} ${f.path}: wf-scopes only reads from Okta`);
    case 'foreignOrigin':
      return diag('okta-read-only', `refused ${f.method} to ${f.origin}: it is not ${org}, and it would receive the credentials`);
  }
}

function fromHttp(e: SdkHttpError, ctx: ErrorContext): Diagnostic {
  const status = Number(e.status);
  const code = e.errorCode !== undefined ? ` ${foreignToken(String(e.errorCode))}` : '';
  const path = e.url ? safePath(e.url) : undefined;
  const on = path ? ` on GET ${path}` : '';
  const me = whoAmI(ctx.credentials);
  if (status === 401) {
    return diag(
      'okta-auth',
      `${me.what} was rejected (401${code || ' E0000011'}): check ${me.envVar}`,
      ctx.credentials.kind === 'accessToken' ? 'access tokens expire after an hour; fetch a new one' : undefined,
    );
  }
  if (status === 403) {
    const challenge = e.headers?.get('www-authenticate');
    const params = challenge ? parseWwwAuthenticate(challenge) : {};
    if (params.error === 'insufficient_scope') {
      const scope = params.scope === undefined ? '(unnamed)' : foreignToken(params.scope);
      const holder = ctx.credentials.kind === 'privateKey' ? `service app ${ctx.credentials.clientId}` : `${me.what} (${me.envVar})`;
      return diag(
        'okta-scope',
        `${holder} lacks the scope ${scope} (403 insufficient_scope${params.resource ? ` on ${cleanForeign(params.resource)}` : on}) while ${ctx.doing}`,
        `grant ${scope} to wf-scopes's own service app (not the Workflows OAuth app)` +
          (ctx.credentials.kind === 'privateKey' ? ' and list it in OKTA_API_SCOPES' : ''),
      );
    }
    return diag(
      'okta-permission',
      `permission denied (403${code})${on} while ${ctx.doing}: the admin or service app behind ${me.envVar} may not ${ctx.forbidden?.mayNot ?? 'read apps and their grants'}`,
      ctx.forbidden?.hint ?? 'give it an admin role that can read applications (e.g. Read-only Administrator)',
    );
  }
  if (status === 404) {
    return diag('okta-not-found', ctx.notFound ?? `not found (404${code})${on} in ${ctx.orgUrl} while ${ctx.doing}`);
  }
  return diag('okta-http', `${ctx.orgUrl} answered ${status}${code}${on} while ${ctx.doing}`, e.errorSummary ? `Okta says: ${cleanForeign(e.errorSummary)}` : undefined);
}

/** Only the path: query strings may carry cursors, and URLs are not the place for secrets anyway. */
function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** Turns anything thrown while talking to Okta into one clear UserError without stack or secret. */
export function toUserError(e: unknown, ctx: ErrorContext): UserError {
  if (e instanceof UserError) return scrub(e.diagnostics, ctx.secrets);
  let d: Diagnostic;
  if (e instanceof OktaTransportError) d = fromTransport(e.failure, ctx);
  else if (isSdkHttpError(e)) d = fromHttp(e, ctx);
  else {
    // Not expected since every body is checked first; still one line, quoted, never a stack.
    const msg = e instanceof Error ? e.message : String(e);
    d = diag('okta-error', `${ctx.doing} in ${ctx.orgUrl} failed: ${quoteForeign(msg.split('\n')[0])}`);
  }
  return scrub([d], ctx.secrets);
}

function scrub(ds: readonly Diagnostic[], secrets: readonly string[]): UserError {
  return new UserError(
    ds.map((d) => ({
      ...d,
      message: redactUserinfo(redact(d.message, secrets)),
      hint: d.hint === undefined ? undefined : redactUserinfo(redact(d.hint, secrets)),
    })),
  );
}
