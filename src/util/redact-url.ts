import { showControls, visibleControl } from '../findings/escape';

/**
 * Userinfo (`user:password@`) in any URL-looking text is replaced by `***@`: a password written into
 * `domain:`, `--org-url`, a Link or a Location must never reach a message or a log.
 */
export function redactUserinfo(text: string): string {
  // scheme://userinfo@host: userinfo ends at the last '@' before the path, query or fragment.
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#\s"'<>]*@/g, '$1***@');
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
  // Controls (the one set of src/findings/escape.ts) and tab and newline: no line break is left.
  const clean = showControls(redactUserinfo(text)).replace(/[\t\n]/g, visibleControl);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A short identifier a server sent (error code, scope, status, id): as is when it is one, else quoted. */
export function foreignToken(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,80}$/.test(value) && !value.startsWith('::') ? value : quoteForeign(value, 80);
}
