// Plain YAML scalars as js-yaml's core schema reads them: where one may start, and the common ones
// (words, small integers) answered here, the rest by js-yaml's own types, loaded on first need.

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/**
 * js-yaml's implicit types of the core schema (null, bool, int, float), in its order. Loaded only for
 * a scalar that `plainValue` cannot answer: a declaration of names, words and small numbers is read
 * without loading js-yaml.
 */
let implicit: ImplicitType[] | undefined;
export function implicitTypes(): ImplicitType[] {
  if (!implicit) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = (require('js-yaml') as typeof import('js-yaml')).CORE_SCHEMA;
    implicit = (schema as unknown as { compiledImplicit: ImplicitType[] }).compiledImplicit;
  }
  return implicit;
}

/** The core schema's booleans, the only words its implicit types read (its nulls are given up on). */
const BOOLEANS = new Map<string, boolean>([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);
const NULLS = new Set(['null', 'Null', 'NULL']);
/** A decimal integer that the core schema's int type reads as parseInt does, exactly as a double. */
const SMALL_DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
/**
 * Every character of the core schema's ints (signs, `_`, 0b/0o/0x with hex digits) and floats
 * (`.`, exponents, .inf, .nan) in any case; a scalar with any other character is neither.
 */
const NUMBER_CHARS = /^[-+._0-9a-fA-FxoinIN]*$/;
/** Letters that start a core-schema word (null, true, false); no int or float starts with a letter. */
const WORD_START = new Set('nNtTfF'.split('').map((c) => c.charCodeAt(0)));

/** plainValue's answer for the core schema's nulls. */
export const NULL_VALUE = Symbol('null');

/**
 * What the core schema reads a plain scalar starting with a letter of WORD_START, `~`, a small decimal
 * integer or a scalar that cannot be a number, as (NULL_VALUE for its nulls); undefined for anything
 * else, which goes to js-yaml's types.
 * `__tests__/util/yaml-simple.test.ts` holds it to those types.
 */
export function plainValue(raw: string): unknown {
  if (WORD_START.has(raw.charCodeAt(0))) {
    const bool = BOOLEANS.get(raw);
    if (bool !== undefined) return bool;
    return NULLS.has(raw) ? NULL_VALUE : raw;
  }
  if (raw === '~') return NULL_VALUE;
  if (SMALL_DECIMAL.test(raw)) return Number(raw);
  // A character no core-schema int or float holds (an Okta id such as 0oa8x2k4lq9ZrT3bN5d7): a string.
  return NUMBER_CHARS.test(raw) ? undefined : raw;
}

const SPACE = 32;
const DASH = 45;
/** Characters that cannot start a plain scalar here (some can in YAML; those are left to js-yaml). */
export const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));

/** `s` without the spaces at its ends; String#trim would also drop NBSP, U+3000…, which YAML keeps in a scalar. */
export function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === SPACE) a++;
  while (b > a && s.charCodeAt(b - 1) === SPACE) b--;
  return s.slice(a, b);
}

/** A plain scalar may start at `p`: not at an indicator, but a sign may start a number (`-2`, `-.5`). */
export function plainStart(t: string, p: number): boolean {
  const c = t.charCodeAt(p);
  if (!INDICATORS.has(c)) return true;
  const d = t.charCodeAt(p + 1);
  return c === DASH && ((d >= 0x30 && d <= 0x39) || d === 0x2e);
}
