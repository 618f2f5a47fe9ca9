import * as fs from 'node:fs';
import Ajv, { type SchemaObject, type ValidateFunction } from 'ajv';

// The OASIS SARIF 2.1.0 schema as shipped by the dev dependency @microsoft/jest-sarif (not vendored).
const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

// RFC 3986 characters, with %-escapes: catches an unencoded space or backslash in a URI.
const URI_CHARS = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?#\\[\\]]|%[0-9A-Fa-f]{2})*";

/**
 * The schema is draft-04 (`id`, draft-04 `$schema`), which Ajv 8 does not read. It uses no keyword
 * whose meaning changed up to draft-07 (no boolean exclusiveMinimum/Maximum, no nested `id`), so
 * renaming `id` to `$id` and declaring draft-07 validates the same documents. Its formats are
 * checked too, with the few validators it needs, since ajv-formats is not a dependency. Its `language`
 * pattern (`…{2}]?$`) is invalid with the `u` flag Ajv 8 adds by default, so patterns run without it.
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as SchemaObject;
  // The conversion below is only sound for draft-04; a newer schema file needs a new look.
  if (schema.$schema !== 'http://json-schema.org/draft-04/schema#') throw new Error(`unexpected SARIF schema dialect ${String(schema.$schema)}`);
  const { id, ...rest } = schema;
  const draft7: SchemaObject = { ...rest, $id: id as string, $schema: 'http://json-schema.org/draft-07/schema#' };
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false, unicodeRegExp: false });
  ajv.addFormat('uri', new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${URI_CHARS}$`));
  ajv.addFormat('uri-reference', new RegExp(`^${URI_CHARS}$`));
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
  return ajv.compile(draft7);
}
