/** The one "is a plain object" check for walking parsed JSON or YAML without `any`. */

/** A non-null, non-array object, typed so its fields can be read as `unknown`. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
