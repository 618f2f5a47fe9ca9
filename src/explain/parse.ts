import { UserError, type Diagnostic } from '../util/diagnostics';
import { parseChallenges, QuoteTracker, type Challenge, type ChallengeProblem } from './challenge';
import { isScopeName } from './scopeName';

/** The `insufficient_scope` challenge of a 403 (or any Bearer challenge that names a scope or error). */
export interface HeaderInput {
  kind: 'header';
  scheme: 'Bearer';
  /** Every auth-param, names in lower case. */
  params: Record<string, string>;
  /** `scope=` split on whitespace (it may name several scopes), duplicates dropped. */
  scope?: string[];
  error?: string;
  errorDescription?: string;
  /** The API path Okta refused, e.g. `/api/v1/logs`. */
  resource?: string;
  /** The refused request's method, when the paste also holds its request line (`GET /api/v1/logs HTTP/1.1`). */
  method?: HttpMethod;
  realm?: string;
  authorizationUri?: string;
}

export interface ScopeInput {
  kind: 'scope';
  scope: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

export interface EndpointInput {
  kind: 'endpoint';
  method: HttpMethod;
  /** Path only, origin and query removed: `/api/v1/users/00u1`. */
  path: string;
  /** The query string without `?`, when there was one; scopes never depend on it. */
  query?: string;
}

/** A 403 `E0000006` without `insufficient_scope`: the authorizing admin lacks a permission, not the app a scope. */
export interface PermissionInput {
  kind: 'permission';
  errorCode: 'E0000006';
  summary?: string;
}

export type ExplainInput = HeaderInput | ScopeInput | EndpointInput | PermissionInput;

const FLAG = '<input>';
/** Larger than any header or error body; bounds the work done on a stray paste. */
export const MAX_INPUT_LENGTH = 1 << 20;

const EXPECTED =
  'Expected one of: a www-authenticate header (Bearer … error="insufficient_scope", scope="…"), ' +
  'a scope name (okta.logs.read), or METHOD /path (GET /api/v1/logs).';
const EXPECTED_HEADER =
  'Expected the whole header, e.g. www-authenticate: Bearer realm="…", scope="okta.logs.read", ' +
  'error="insufficient_scope", resource="/api/v1/logs"; copy it again from the 403 response.';

function fail(code: string, message: string, hint: string = EXPECTED): never {
  const d: Diagnostic = { severity: 'error', code, message, flag: FLAG, hint };
  throw new UserError(d);
}

/** A short, printable excerpt of the input for messages (control characters escaped). */
function excerpt(s: string): string {
  const cut = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  return JSON.stringify(cut);
}

/**
 * Reads what a user pastes into `wf-scopes explain`: a `www-authenticate` header (alone, with its
 * name, over several lines, or inside a whole HTTP response or a JSON error dump), an Okta error
 * with `E0000006`, a scope name, or `METHOD /path`. Throws only `UserError`, saying what was expected.
 */
export function parseExplainInput(input: string): ExplainInput {
  if (typeof input !== 'string') fail('explain-input', 'the input is not text');
  if (input.length > MAX_INPUT_LENGTH) {
    fail('explain-input', `the input is ${input.length} characters long; paste only the 403 header or error`);
  }
  const text = input.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  if (trimmed === '') fail('explain-input', 'the input is empty');

  const json = tryJson(trimmed);
  const fromJson = json === undefined ? undefined : scanJson(json);
  const hasInsufficient = /insufficient_scope/i.test(text);

  // A 403 body may carry E0000006 either way; only the header's insufficient_scope marks a missing scope.
  if (/E0000006/.test(text) && !hasInsufficient) {
    const summary = fromJson?.errorSummary ?? summaryFromText(text);
    return summary === undefined
      ? { kind: 'permission', errorCode: 'E0000006' }
      : { kind: 'permission', errorCode: 'E0000006', summary };
  }

  const headerValues = fromJson ? fromJson.headers : findHeaderFields(text);
  if (headerValues.length > 0) return withMethod(headerFrom(headerValues), text);

  if (!fromJson) {
    const lines = splitLines(text);
    // A bare challenge: `Bearer realm=…`, possibly after some prose on its line.
    for (let i = 0; i < lines.length; i++) {
      const m = /\bbearer(?=\s*$|\s+[A-Za-z_][\w-]*\s*=)/i.exec(lines[i]);
      if (m) return withMethod(headerFrom([collectField(lines, i, lines[i].slice(m.index), false).value]), text);
    }
    // Just the auth-params, scheme left behind when copying.
    if (/^[A-Za-z_][\w-]*\s*=/.test(trimmed)) {
      const first = lines.findIndex((l) => l.trim() !== '');
      return withMethod(headerFrom([collectField(lines, first, lines[first], false).value]), text);
    }
  }

  if (hasInsufficient) {
    fail(
      'explain-truncated-header',
      'the input mentions insufficient_scope but holds no www-authenticate header to read the missing scope from',
      EXPECTED_HEADER,
    );
  }

  const bare = unwrapQuotes(trimmed);
  if (isScopeName(bare)) return { kind: 'scope', scope: bare };

  const endpoint = parseEndpoint(trimmed);
  if (endpoint) return endpoint;

  if (fromJson?.errorCode !== undefined) {
    fail(
      'explain-input',
      `Okta error ${excerpt(fromJson.errorCode)} is neither a missing scope (insufficient_scope) nor a missing permission (E0000006)`,
    );
  }
  diagnoseUnknown(trimmed, bare);
}

// ---------------------------------------------------------------------------------------------
// Headers

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

// A header line, after an optional curl `<`/`>` marker. `name=` is an auth-param, not a header.
const HEADER_LINE = /^\s*(?:[<>]\s*)?[A-Za-z][A-Za-z0-9-]*\s*:/;
const PARAM_START = /^[A-Za-z_][\w-]*\s*=/;

/** Every `www-authenticate:` field in pasted text (an HTTP response may carry several). */
function findHeaderFields(text: string): string[] {
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
function collectField(lines: string[], first: number, start: string, curl: boolean): { value: string; next: number } {
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

function headerFrom(values: string[]): HeaderInput {
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
function withMethod(header: HeaderInput, text: string): HeaderInput {
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

// ---------------------------------------------------------------------------------------------
// JSON (an Okta error body, or an SDK error dumped with its headers)

function tryJson(s: string): unknown {
  if (!s.startsWith('{') && !s.startsWith('[')) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

interface JsonFindings {
  headers: string[];
  errorCode?: string;
  errorSummary?: string;
}

function scanJson(root: unknown): JsonFindings {
  const found: JsonFindings = { headers: [] };
  // Depth and node limits: the error body is shallow, and a hostile paste must not exhaust the stack.
  let budget = 10000;
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8 || budget-- <= 0 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
      return;
    }
    for (const [k, val] of Object.entries(v)) {
      const key = k.toLowerCase();
      if (key === 'www-authenticate') {
        if (typeof val === 'string') found.headers.push(val);
        else if (Array.isArray(val)) for (const x of val) if (typeof x === 'string') found.headers.push(x);
      } else if (key === 'errorsummary' && typeof val === 'string' && found.errorSummary === undefined) {
        found.errorSummary = val;
      } else if (key === 'errorcode' && typeof val === 'string' && found.errorCode === undefined) {
        found.errorCode = val;
      } else {
        visit(val, depth + 1);
      }
    }
  };
  visit(root, 0);
  return found;
}

/** `"errorSummary": "…"` inside a pasted response whose body is not the whole input. */
function summaryFromText(text: string): string | undefined {
  const m = /"errorSummary"\s*:\s*"((?:[^"\\]|\\.){0,2000})"/.exec(text);
  if (!m) return undefined;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return m[1];
  }
}

// ---------------------------------------------------------------------------------------------
// Scope names and endpoints

/** `"okta.logs.read"`, `'…'` or `` `…` `` as copied from docs or YAML. */
function unwrapQuotes(s: string): string {
  const m = /^(["'`])(.*)\1$/s.exec(s);
  return m ? m[2].trim() : s;
}

/**
 * `METHOD /path`: the path may hold spaces (a query such as `?search=profile.department eq "x"`, or an
 * id a card shows unencoded) when it starts like one (`/`, `https://`, `{{url}}`); a trailing
 * `HTTP/1.1` from a request line is dropped.
 */
const ENDPOINT_RE = /^([A-Za-z]+)\s+((?:\/|[a-z][a-z0-9+.-]*:\/\/|\{\{)[^\r\n]*?|\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/i;

function parseEndpoint(s: string): EndpointInput | undefined {
  const m = ENDPOINT_RE.exec(s);
  if (!m) return undefined;
  const method = m[1].toUpperCase();
  if (!isMethod(method)) return undefined;
  // Origin and Postman-style `{{url}}` prefixes carry no scope information.
  let rest = m[2].replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\{\{[^}]*\}\}/, '');
  if (rest === '') rest = '/';
  if (!rest.startsWith('/')) {
    fail(
      'explain-bad-endpoint',
      `the path ${excerpt(m[2])} after ${method} does not start with /`,
      'Expected METHOD /path, e.g. GET /api/v1/users/00u1 or GET https://example.okta.com/api/v1/logs.',
    );
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q + 1) : '';
  return query === '' ? { kind: 'endpoint', method, path } : { kind: 'endpoint', method, path, query };
}

function isMethod(s: string): s is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(s);
}

/** The last resort: name the closest expected form when the input resembles one. */
function diagnoseUnknown(trimmed: string, bare: string): never {
  if (/^\//.test(trimmed) && !/\s/.test(trimmed)) {
    fail(
      'explain-bad-endpoint',
      `${excerpt(trimmed)} is a path without a method`,
      `Expected METHOD /path, e.g. GET ${trimmed.length > 60 ? '/api/v1/logs' : trimmed}.`,
    );
  }
  const word = /^([A-Za-z]+)\s+\S/.exec(trimmed);
  if (word && !/[=":]/.test(trimmed.slice(0, 40)) && /^\S+\s+\/\S*$/.test(trimmed)) {
    fail(
      'explain-bad-endpoint',
      `${excerpt(word[1])} is not an HTTP method`,
      `Expected METHOD /path with METHOD one of ${HTTP_METHODS.join(', ')}.`,
    );
  }
  const words = bare.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length > 1 && words.every(isScopeName)) {
    fail('explain-input', `${excerpt(bare)} holds ${words.length} scope names; explain takes one at a time`);
  }
  if (/^[A-Za-z][\w]*(\.[\w]+)+$/.test(bare)) {
    fail(
      'explain-input',
      `${excerpt(bare)} is not a scope name: scope names start with a lower-case letter, e.g. okta.logs.read`,
    );
  }
  fail('explain-input', `cannot read ${excerpt(trimmed)}`);
}
