/** Narrowing helpers for walking untrusted parsed JSON without `any`. */

import { isPlainObject } from '../../util/json';

export type JsonObject = Record<string, unknown>;

/** `v[k1][k2]…`, or undefined as soon as a step is not an object. */
export function dig(v: unknown, ...keys: string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    // Own properties only: a key like "constructor" must not reach Object.prototype.
    if (!isPlainObject(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** `v[k]` when v is an object with k of its own, else undefined: one step of dig, without its argument list. */
export function get(v: unknown, k: string): unknown {
  return isPlainObject(v) && Object.hasOwn(v, k) ? v[k] : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

