/**
 * Userinfo (`user:password@`) in any URL-looking text is replaced by `***@`: a password written into
 * `domain:`, `--org-url`, a Link or a Location must never reach a message or a log.
 */
export function redactUserinfo(text: string): string {
  // scheme://userinfo@host: userinfo ends at the last '@' before the path, query or fragment.
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

/**
 * Control characters (C0 with newlines and tabs, DEL, C1), the Unicode line and paragraph separators
 * and the bidi embeddings, overrides and isolates: what could rewrite a terminal line, start a new line
 * in a generated file, or hide text; and lone surrogates. The schema's `textNoControls`
 * (schema/scopes.schema.json) lists the same set.
 */
const UNSAFE_SOURCE =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]' +
  // A lone surrogate: no character at all, and no UTF-8 file can hold it.
  '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
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
  const clean = redactUserinfo(text).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A short identifier a server sent (error code, scope, status, id): as is when it is one, else quoted. */
export function foreignToken(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,80}$/.test(value) && !value.startsWith('::') ? value : quoteForeign(value, 80);
}
