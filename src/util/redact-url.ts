import { UNSAFE_SOURCE, visibleControl } from './escape';

/**
 * Userinfo (`user:password@`) in any URL-looking text is replaced by `***@`: a password written into
 * `domain:`, `--org-url`, a Link or a Location must never reach a message or a log.
 */
export function redactUserinfo(text: string): string {
  // scheme://userinfo@host: userinfo ends at the last '@' before the path, query or fragment. Nearly
  // every message has neither `://` nor `@`, and this runs on each of them: skip the regex then.
  if (!text.includes('://') || !text.includes('@')) return text;
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#\s"'<>]*@/g, '$1***@');
}

/**
 * A host name as written (`domain:`), which may hold userinfo without a scheme (`admin:pw@acme.okta.com`):
 * everything up to the last `@` is replaced by `***`, then any URL in it is redacted as above.
 */
export function redactHostUserinfo(host: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(host)?.[0] ?? '';
  const rest = host.slice(scheme.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  return at < 0 ? redactUserinfo(host) : `${scheme}***${rest.slice(at)}`;
}

/** What a value bound for Terraform may not hold (the one set of ./escape.ts, with tab, newline and lone surrogates). */
const UNSAFE = new RegExp(UNSAFE_SOURCE, 'g');

/** The first unsafe character of `text` (see UNSAFE_SOURCE) as `U+XXXX`, or undefined when it has none. */
export function firstUnsafeChar(text: string): string | undefined {
  const m = new RegExp(UNSAFE_SOURCE).exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/**
 * A string a server (or a file) chose, made fit to sit inside one of our messages: userinfo redacted,
 * control characters shown as `\uXXXX`, cut to `max` characters, and quoted so that it can never be
 * read as our own words (nor start a line: it has no newline left).
 */
export function quoteForeign(value: unknown, max = 120): string {
  return `"${cleanForeign(value, max).replace(/"/g, '\\"')}"`;
}

/** Like quoteForeign without the quotes: for prose after a colon (an error description). */
export function cleanForeign(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  // Every unsafe character (controls, tab, newline, separators, bidi, lone surrogates) shown as \uXXXX:
  // no line break is left, and nothing reorders the line.
  const clean = redactUserinfo(text).replace(UNSAFE, visibleControl);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A short identifier a server sent (error code, scope, status, id): as is when it is one, else quoted. */
export function foreignToken(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,80}$/.test(value) && !value.startsWith('::') ? value : quoteForeign(value, 80);
}
