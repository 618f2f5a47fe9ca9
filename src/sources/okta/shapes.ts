/**
 * The shapes Okta documents for the few answers wf-scopes reads. Every 2xx body is checked here
 * before the SDK sees it, and cut down to the fields we use: the SDK's model code then never meets
 * a wrong type (its own errors would read `s.trim is not a function`, `Invalid time value`, …).
 */

/** Which answer a request expects, by method and path below the org URL. */
export type Shape = 'appList' | 'app' | 'grantList' | 'token' | 'unchecked';

export function shapeFor(method: string, path: string, isToken: boolean): Shape {
  if (isToken) return 'token';
  if (method !== 'GET') return 'unchecked';
  if (/\/api\/v1\/apps\/?$/.test(path)) return 'appList';
  if (/\/api\/v1\/apps\/[^/]+\/grants\/?$/.test(path)) return 'grantList';
  if (/\/api\/v1\/apps\/[^/]+\/?$/.test(path)) return 'app';
  return 'unchecked';
}

/** The body to hand on, or what is wrong with it (in our words: no server text). */
export type Checked = { ok: true; text: string } | { ok: false; problem: string };

type Obj = Record<string, unknown>;

class ShapeError extends Error {}

/** `an object`, `an array`, `a string`, `a number`, `null`, `undefined`: the value's kind with its article. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  const kind = Array.isArray(v) ? 'array' : typeof v;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function asObject(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(`${where} is ${typeName(v)}, expected an object`);
  return v as Obj;
}

function asArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${where} is ${typeName(v)}, expected an array`);
  return v;
}

function str(o: Obj, key: string, where: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined || (v === null && !required)) {
    if (required) throw new ShapeError(`${where} has no ${key}`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ShapeError(`${where}.${key} is ${typeName(v)}, expected a string`);
  if (required && v === '') throw new ShapeError(`${where}.${key} is empty`);
  return v;
}

/** Copies the named string fields that are present; `required` ones must be non-empty strings. */
function pick(o: Obj, where: string, required: readonly string[], optional: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of required) out[k] = str(o, k, where, true);
  for (const k of optional) {
    const v = str(o, k, where, false);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function app(v: unknown, where: string): Obj {
  // signOnMode picks the SDK's model class; the rest of an app is not ours to read.
  return pick(asObject(v, where), where, ['id', 'label'], ['name', 'status', 'signOnMode']);
}

/**
 * A grant keeps its status as sent, even an unknown one (the caller reports it); a status that is not
 * a string at all is a malformed answer.
 */
function grant(v: unknown, where: string): Obj {
  return pick(asObject(v, where), where, ['scopeId'], ['id', 'status', 'issuer', 'source', 'clientId', 'created']);
}

function token(v: unknown): Obj {
  const o = asObject(v, 'the token response');
  const out = pick(o, 'the token response', ['access_token', 'token_type'], ['scope']);
  if (o.expires_in !== undefined) {
    if (typeof o.expires_in !== 'number' || !Number.isFinite(o.expires_in)) throw new ShapeError('the token response\'s expires_in is not a number');
    out.expires_in = o.expires_in;
  }
  return out;
}

/** Checks a 2xx body (already parsed JSON) against `shape`; returns the trimmed JSON text. */
export function checkShape(shape: Shape, body: unknown): Checked {
  try {
    switch (shape) {
      case 'appList':
        return { ok: true, text: JSON.stringify(asArray(body, 'the app list').map((a, i) => app(a, `app [${i}]`))) };
      case 'app':
        return { ok: true, text: JSON.stringify(app(body, 'the app')) };
      case 'grantList':
        return { ok: true, text: JSON.stringify(asArray(body, 'the grant list').map((g, i) => grant(g, `grant [${i}]`))) };
      case 'token':
        return { ok: true, text: JSON.stringify(token(body)) };
      case 'unchecked':
        return { ok: true, text: JSON.stringify(body) };
    }
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, problem: e.message };
    throw e;
  }
}

/**
 * An error body as Okta documents it (`errorCode`, `errorSummary`, `errorCauses[]`), keeping only
 * string fields; anything else becomes non-JSON text, which the SDK turns into a plain HttpError.
 */
export function normaliseErrorBody(text: string): string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return '';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return '';
  const o = v as Obj;
  const out: Obj = { errorCauses: [] };
  for (const k of ['errorCode', 'errorSummary', 'errorLink', 'errorId', 'error', 'error_description']) {
    if (typeof o[k] === 'string') out[k] = o[k];
  }
  return JSON.stringify(out);
}
