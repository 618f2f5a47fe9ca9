import { UserError } from '../../util/diagnostics';
import { quoteForeign } from '../../util/redact-url';

/** 127.0.0.0/8, localhost and ::1: the only hosts we will talk plain http to (local test servers). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Drops trailing slashes: with one, the SDK builds `//api/v1/…`. */
export function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The org's base URL: `https://<domain>`, or `overrideUrl` (https anywhere, http only on loopback so
 * that a token is never sent in clear over a network).
 */
export function resolveOrgUrl(domain: string, overrideUrl?: string): string {
  if (overrideUrl !== undefined && overrideUrl !== '') return checkOrgUrl(overrideUrl);
  const host = domain.trim();
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+(:\d+)?$/.test(host)) {
    throw new UserError({
      severity: 'error',
      code: 'okta-url',
      message: `${quoteForeign(domain)} is not an Okta domain`,
      hint: 'write the host name only, e.g. acme.okta.com (no https://, no path)',
    });
  }
  return `https://${host.toLowerCase()}`;
}

/** Validates an explicit org URL and normalises it (no trailing slash, no query). */
export function checkOrgUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError({ severity: 'error', code: 'okta-url', message: `${quoteForeign(raw)} is not a URL` });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new UserError({
      severity: 'error',
      code: 'okta-url',
      message: `refusing ${url.protocol}//${url.host}: an Okta org URL must use https`,
      hint: 'plain http is accepted only for loopback hosts (127.0.0.1, localhost, [::1])',
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UserError({
      severity: 'error',
      code: 'okta-url',
      message: `the org URL ${url.origin} must not carry credentials, a query or a fragment`,
      hint: 'pass the org URL alone, e.g. https://acme.okta.com; credentials come from OKTA_API_TOKEN or the other OKTA_ variables',
    });
  }
  return stripTrailingSlash(`${url.origin}${url.pathname}`);
}
