/**
 * The two answers the connection check reads, checked field by field before anything uses them: the
 * app's refresh tokens (`OAuth2RefreshToken`) and System Log events (`LogEvent`). A malformed item
 * is never guessed at: the whole read fails with the item's location, and the org's connection is
 * "not checked".
 */
import { foreignToken } from '../../util/redact-url';
import { typeName } from './shapes';

/** One authorization of a connection: an `OAuth2RefreshToken` of the app. */
export interface RefreshTokenItem {
  id: string;
  clientId: string;
  userId: string;
  /** ISO time the token was issued (the authorization or reauthorization). */
  created: string;
  status: string;
  scopes: string[];
  expiresAt?: string;
}

/** One System Log event, cut down to what usage and the connection check read. */
export interface LogEventItem {
  uuid: string;
  published: string;
  eventType: string;
  /** `client.id`: the OAuth client that made the call or received the token. */
  clientId?: string;
  /** `debugContext.debugData.grantedScopes`, split. */
  grantedScopes?: string[];
  /** `debugContext.debugData.requestUri` (path and query of a state-changing API call). */
  requestUri?: string;
  /** `debugContext.debugData.requestMethod`, when the event gives it. */
  method?: string;
  /** Ids of the event's targets (e.g. the app of a connection event). */
  targetIds: string[];
  /** `actor.id`: the user whose connection it is, for connection and token events. */
  actorId?: string;
}

export class ItemShapeError extends Error {}

type Obj = Record<string, unknown>;

/** A clock skew we tolerate before calling a time "in the future". */
export const FUTURE_SKEW_MS = 5 * 60_000;

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ItemShapeError(`${where} is ${typeName(v)}, expected an object`);
  return v as Obj;
}

function reqStr(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new ItemShapeError(`${where}.${key} is ${v === '' ? 'empty' : typeName(v)}, expected a non-empty string`);
  return v;
}

function optStr(o: Obj, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ItemShapeError(`${where}.${key} is ${typeName(v)}, expected a string`);
  return v;
}

/** An ISO 8601 time Okta would send; not in the future beyond a small skew from `now`. */
function time(o: Obj, key: string, where: string, now: number, allowFuture = false): string {
  const v = reqStr(o, key, where);
  const ms = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || !Number.isFinite(ms)) throw new ItemShapeError(`${where}.${key} (${foreignToken(v)}) is not an ISO 8601 time`);
  if (!allowFuture && ms > now + FUTURE_SKEW_MS) throw new ItemShapeError(`${where}.${key} (${foreignToken(v)}) is in the future`);
  return new Date(ms).toISOString();
}

const SCOPE_NAME = /^[A-Za-z0-9_.:/-]{1,200}$/;

function scopeList(v: unknown, where: string): string[] {
  if (!Array.isArray(v)) throw new ItemShapeError(`${where} is ${typeName(v)}, expected an array of scope names`);
  return v.map((s, i) => {
    if (typeof s !== 'string' || !SCOPE_NAME.test(s)) throw new ItemShapeError(`${where}[${i}] is not a scope name`);
    return s;
  });
}

/** A page of `GET /api/v1/apps/{appId}/tokens`; every token must be the app's own. */
export function parseTokenPage(body: unknown, page: number, appId: string, now: number): RefreshTokenItem[] {
  if (!Array.isArray(body)) throw new ItemShapeError(`the token list (page ${page}) is ${typeName(body)}, expected an array`);
  return body.map((raw, i) => {
    const where = `token [${i}] of page ${page}`;
    const o = obj(raw, where);
    const clientId = reqStr(o, 'clientId', where);
    if (clientId !== appId) throw new ItemShapeError(`${where} belongs to client ${foreignToken(clientId)}, not app ${foreignToken(appId)}`);
    const out: RefreshTokenItem = {
      id: reqStr(o, 'id', where),
      clientId,
      userId: reqStr(o, 'userId', where),
      created: time(o, 'created', where, now),
      status: reqStr(o, 'status', where),
      scopes: scopeList(o.scopes, `${where}.scopes`),
    };
    if (o.expiresAt !== undefined && o.expiresAt !== null) out.expiresAt = time(o, 'expiresAt', where, now, true);
    return out;
  });
}

/** `grantedScopes` as Okta writes it (one string, space- or comma-separated) or as a list. */
function grantedScopes(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const parts = v.split(/[\s,]+/).filter(Boolean);
    return scopeList(parts, where);
  }
  return scopeList(v, where);
}

/** A page of `GET /api/v1/logs`. */
export function parseLogPage(body: unknown, page: number, now: number): LogEventItem[] {
  if (!Array.isArray(body)) throw new ItemShapeError(`the log page ${page} is ${typeName(body)}, expected an array`);
  return body.map((raw, i) => {
    const where = `event [${i}] of log page ${page}`;
    const o = obj(raw, where);
    const out: LogEventItem = {
      uuid: reqStr(o, 'uuid', where),
      published: time(o, 'published', where, now),
      eventType: reqStr(o, 'eventType', where),
      targetIds: [],
    };
    if (o.client !== undefined && o.client !== null) {
      const id = optStr(obj(o.client, `${where}.client`), 'id', `${where}.client`);
      if (id) out.clientId = id;
    }
    if (o.actor !== undefined && o.actor !== null) {
      const id = optStr(obj(o.actor, `${where}.actor`), 'id', `${where}.actor`);
      if (id) out.actorId = id;
    }
    if (Array.isArray(o.target)) {
      o.target.forEach((t, j) => {
        const id = optStr(obj(t, `${where}.target[${j}]`), 'id', `${where}.target[${j}]`);
        if (id) out.targetIds.push(id);
      });
    } else if (o.target !== undefined && o.target !== null) {
      throw new ItemShapeError(`${where}.target is ${typeName(o.target)}, expected an array`);
    }
    if (o.debugContext !== undefined && o.debugContext !== null) {
      const dc = obj(o.debugContext, `${where}.debugContext`);
      if (dc.debugData !== undefined && dc.debugData !== null) {
        const dd = obj(dc.debugData, `${where}.debugContext.debugData`);
        const dw = `${where}.debugContext.debugData`;
        const scopes = grantedScopes(dd.grantedScopes, `${dw}.grantedScopes`);
        if (scopes) out.grantedScopes = scopes;
        const uri = optStr(dd, 'requestUri', dw);
        if (uri) out.requestUri = uri;
        const method = optStr(dd, 'requestMethod', dw);
        if (method) {
          if (!/^[A-Za-z]{3,7}$/.test(method)) throw new ItemShapeError(`${dw}.requestMethod (${foreignToken(method)}) is not an HTTP method`);
          out.method = method.toUpperCase();
        }
      }
    }
    return out;
  });
}
