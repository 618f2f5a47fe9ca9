// Finds the www-authenticate header in a paste (over lines, after curl markers) and reads its Bearer challenge.
import { parseChallenges, QuoteTracker, type Challenge, type ChallengeProblem } from './challenge';
import { isMethod, type HeaderInput } from './input';
import { EXPECTED_HEADER, excerpt, fail } from './parse-errors';
import { isScopeName } from '../../core/scopes';

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

// A header line, after an optional curl `<`/`>` marker. `name=` is an auth-param, not a header.
const HEADER_LINE = /^\s*(?:[<>]\s*)?[A-Za-z][A-Za-z0-9-]*\s*:/;
const PARAM_START = /^[A-Za-z_][\w-]*\s*=/;

/** Every `www-authenticate:` field in pasted text (an HTTP response may carry several). */
export function findHeaderFields(text: string): string[] {
  const lines = splitLines(text);
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = /www-authenticate\s*:/i.exec(lines[i]);
    if (!m) {
      i++;
      continue;
    }
    const curl = /^\s*[<>]/.test(lines[i]);
    const { value, next } = collectField(lines, i, lines[i].slice(m.index + m[0].length), curl);
    out.push(value);
    i = next;
  }
  return out;
}

/**
 * Joins the lines a field value was pasted over: a line break inside a quoted value is a wrap
 * (joined without a space); otherwise the next line continues the value when the value so far is
 * empty or ends with a comma, or the line starts with `name=` or is indented (obs-fold).
 */
export function collectField(lines: string[], first: number, start: string, curl: boolean): { value: string; next: number } {
  const quotes = new QuoteTracker();
  let value = start;
  // The last non-blank character so far, kept incrementally: re-trimming `value` per line is quadratic.
  let last = lastNonBlank(start, '');
  quotes.feed(start);
  let j = first + 1;
  for (; j < lines.length; j++) {
    const raw = lines[j];
    if (quotes.open) {
      value += raw;
      last = lastNonBlank(raw, last);
      quotes.feed(raw);
      continue;
    }
    const line = curl ? raw.replace(/^\s*[<>] ?/, '') : raw;
    const t = line.trim();
    if (t === '') {
      if (last === ',') continue;
      break;
    }
    if (HEADER_LINE.test(line) && !PARAM_START.test(t)) break;
    if (last === '' || last === ',' || PARAM_START.test(t) || /^[ \t]/.test(line)) {
      value += ` ${t}`;
      last = t[t.length - 1];
      quotes.feed(` ${t}`);
      continue;
    }
    break;
  }
  return { value, next: j };
}

function lastNonBlank(s: string, previous: string): string {
  const t = s.trimEnd();
  return t === '' ? previous : t[t.length - 1];
}

export function headerFrom(values: string[]): HeaderInput {
  // Several fields are one comma-separated list (RFC 7230 §3.2.2).
  const parsed = parseChallenges(values.join(', '));
  if (!parsed.ok) headerProblem(parsed.problem);
  const challenge = pickChallenge(parsed.challenges);
  return toHeaderInput(challenge);
}

function headerProblem(p: ChallengeProblem): never {
  switch (p.code) {
    case 'empty':
      return fail('explain-truncated-header', 'the www-authenticate header is empty', EXPECTED_HEADER);
    case 'unterminated-quote':
      return fail(
        'explain-truncated-header',
        `the www-authenticate header is cut off: the quoted value of ${p.param}= has no closing "`,
        EXPECTED_HEADER,
      );
    case 'unexpected-char':
      return fail(
        'explain-bad-header',
        `the www-authenticate header has an unexpected ${JSON.stringify(p.char)} at column ${p.column}`,
        `${EXPECTED_HEADER} Values holding spaces or commas must be in double quotes.`,
      );
  }
}

function pickChallenge(challenges: Challenge[]): Challenge {
  const bearer = challenges.filter(
    (c) => c.scheme.toLowerCase() === 'bearer' || (c.scheme === '' && (c.params.has('scope') || c.params.has('error'))),
  );
  if (bearer.length === 0) {
    if (challenges.every((c) => c.scheme === '')) {
      fail('explain-truncated-header', 'the pasted auth-params name neither scope= nor error=', EXPECTED_HEADER);
    }
    const schemes = [...new Set(challenges.map((c) => c.scheme).filter((s) => s !== ''))];
    const found = schemes.length > 0 ? `only ${schemes.slice(0, 3).map((s) => excerpt(s)).join(', ')}` : 'none';
    fail(
      'explain-bad-header',
      `the www-authenticate header has no Bearer challenge (found ${found})`,
      EXPECTED_HEADER,
    );
  }
  // Prefer the challenge that explains a 403 when a response carries several.
  return bearer.find((c) => c.params.get('error')?.toLowerCase() === 'insufficient_scope') ?? bearer[0];
}

function toHeaderInput(c: Challenge): HeaderInput {
  const get = (k: string): string | undefined => c.params.get(k);
  const out: HeaderInput = { kind: 'header', scheme: 'Bearer', params: Object.fromEntries(c.params) };
  const error = get('error');
  const rawScope = get('scope');

  if (rawScope !== undefined) {
    const scopes = [...new Set(rawScope.split(/\s+/).filter((s) => s !== ''))];
    if (scopes.length === 0) {
      fail('explain-truncated-header', 'the www-authenticate header has an empty scope= value', EXPECTED_HEADER);
    }
    const bad = scopes.filter((s) => !isScopeName(s));
    if (bad.length > 0) {
      fail(
        'explain-bad-header',
        `scope= in the www-authenticate header holds ${bad.slice(0, 3).map(excerpt).join(', ')}, which is not a scope name`,
        `${EXPECTED_HEADER} Scope names look like okta.logs.read.`,
      );
    }
    out.scope = scopes;
  } else if (get('resource') !== undefined) {
    // No scope=, but the refused path may map to one scope in the endpoint table: explain decides.
  } else if (error?.toLowerCase() === 'insufficient_scope') {
    fail(
      'explain-truncated-header',
      'the www-authenticate header says error="insufficient_scope" but has no scope="…" naming the missing scope (nor a resource="…" to look it up); it looks cut off',
      EXPECTED_HEADER,
    );
  } else if (error === undefined) {
    fail(
      'explain-truncated-header',
      'the www-authenticate header has neither scope= nor error=, so it does not say what was refused; it looks cut off',
      EXPECTED_HEADER,
    );
  }

  if (error !== undefined) out.error = error;
  const description = get('error_description');
  if (description !== undefined) out.errorDescription = description;
  const resource = get('resource');
  if (resource !== undefined) out.resource = resource;
  const realm = get('realm');
  if (realm !== undefined) out.realm = realm;
  const uri = get('authorization_uri');
  if (uri !== undefined) out.authorizationUri = uri;
  return out;
}

/**
 * The method of the refused request, when the paste holds its request line for the header's resource
 * (curl -v output: `> GET /api/v1/logs HTTP/1.1`). Other request lines are ignored.
 */
export function withMethod(header: HeaderInput, text: string): HeaderInput {
  if (header.resource === undefined) return header;
  const resource = header.resource.split('?')[0];
  for (const line of splitLines(text)) {
    const m = /^\s*(?:>\s*)?([A-Za-z]+)\s+(\S+)\s+HTTP\/\d(?:\.\d)?\s*$/.exec(line);
    if (!m) continue;
    const method = m[1].toUpperCase();
    const path = m[2].replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split('?')[0];
    if (isMethod(method) && path === resource) return { ...header, method };
  }
  return header;
}
