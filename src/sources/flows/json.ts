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

/**
 * `v` when it is an object (an array too), else undefined, for reading parsed JSON by property name:
 * `asObject(raw.node)?.model`. Cheaper than dig on the hot path of the export reader, and as safe for
 * the names it is used with (`node`, `model`, `data`, `name`, `inputs`, `value`, `type`, `methods`…),
 * which are no property of Object's or Array's prototype: a named read of them is an own read.
 */
export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null ? (v as JsonObject) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

