// Plain YAML scalars as js-yaml's core schema reads them: the common ones (words, small integers)
// answered here, the rest by js-yaml's own types, loaded on first need.

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
/** Letters that start a core-schema word (null, true, false); no int or float starts with a letter. */
const WORD_START = new Set('nNtTfF'.split('').map((c) => c.charCodeAt(0)));

/** plainValue's answer for the core schema's nulls. */
export const NULL_VALUE = Symbol('null');

/**
 * What the core schema reads a plain scalar starting with a letter of WORD_START, or a small decimal
 * integer, as (NULL_VALUE for its nulls); undefined for anything else, which goes to js-yaml's types.
 * `__tests__/util/yaml-simple.test.ts` holds it to those types.
 */
export function plainValue(raw: string): unknown {
  if (WORD_START.has(raw.charCodeAt(0))) {
    const bool = BOOLEANS.get(raw);
    if (bool !== undefined) return bool;
    return NULLS.has(raw) ? NULL_VALUE : raw;
  }
  return SMALL_DECIMAL.test(raw) ? Number(raw) : undefined;
}
