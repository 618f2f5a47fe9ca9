import { HTTP_METHODS, isMethod, type EndpointInput, type ExplainInput } from './input';
import { EXPECTED_HEADER, excerpt, fail } from './parse-errors';
import { collectField, findHeaderFields, headerFrom, splitLines, withMethod } from './parse-header';
import { isScopeName } from '../../core/scopes';

/** Larger than any header or error body; bounds the work done on a stray paste. */
export const MAX_INPUT_LENGTH = 1 << 20;

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
