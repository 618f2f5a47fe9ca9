import { compareDiagnostics, type Diagnostic } from '../../util/diagnostics';
import { limit, LIMIT_ENV } from '../../util/limits';
import { yamlPlainNesting, yamlTooComplex } from '../../util/nesting';
import { DocumentLocator } from '../../util/yaml-locator';

/** The text of a scopes.yaml: its size, nesting and merge-key caps, and the exact YAML parse with its syntax errors. */

const MAX_SYNTAX_ERRORS = 10;

/** Merge keys a scopes.yaml may use: each copies a mapping's keys, so thousands cost quadratic time. */
const MAX_MERGE_KEYS = 100;

/** The size cap, checked before any parser runs. */
export function sizeError(text: string, file: string): Diagnostic | undefined {
  // Text that did not come from a bounded read (a git base) is held to the same cap.
  const maxYaml = limit('maxYaml');
  if (text.length > maxYaml) {
    return { severity: 'error', code: 'too-large', loc: { file, line: 1, column: 1 }, message: `too large: more than ${maxYaml} bytes (${LIMIT_ENV.maxYaml})`, hint: 'a scopes.yaml of thousands of flows is a few MB' };
  }
  return undefined;
}

/**
 * Nesting and merge-key caps, checked on the text (after sizeError) before js-yaml or the `yaml` library runs. `levels`,
 * the indent levels the plain-YAML parser saw when it read the whole text (giving up past the depth
 * cap), spares the scan where it would find nothing: text with nothing else that nests
 * (yamlPlainNesting) is then within the cap.
 */
export function complexityError(text: string, file: string, levels?: number): Diagnostic | undefined {
  const maxDepth = limit('maxDepth');
  if (levels !== undefined && levels + 1 <= maxDepth && yamlPlainNesting(text)) return undefined;
  const bad = yamlTooComplex(text, { maxDepth, maxMergeKeys: MAX_MERGE_KEYS });
  if (!bad) return undefined;
  const loc = { file, line: bad.line, column: bad.column };
  return bad.what === 'depth'
    ? { severity: 'error', code: 'too-deep', loc, message: `nested deeper than ${maxDepth} levels (${LIMIT_ENV.maxDepth})`, hint: 'a scopes.yaml nests a few levels; is this file what you meant?' }
    : { severity: 'error', code: 'too-many-merge-keys', loc, message: `more than ${MAX_MERGE_KEYS} YAML merge keys (<<)`, hint: 'write the entries out, or use fewer merges' };
}

/** The `yaml` library's parse: slower, but with the best syntax errors and exact node ranges. */
export function slowParse(text: string, file: string): { data: unknown; at: DocumentLocator; diagnostics: Diagnostic[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = new DocumentLocator(file, doc, lines);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    severity: 'error' as const,
    code: 'yaml-syntax',
    loc: at.at(e.pos[0]),
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
    hint: e.code === 'DUPLICATE_KEY' ? 'each key may appear once per mapping' : 'fix the YAML syntax (indentation, quotes, `key: value`)',
  }));
  if (diagnostics.length) {
    diagnostics.sort(compareDiagnostics);
    // A file that is not YAML at all yields an error per line: the first few say enough.
    if (diagnostics.length > MAX_SYNTAX_ERRORS) {
      const more = diagnostics.length - MAX_SYNTAX_ERRORS;
      diagnostics.splice(MAX_SYNTAX_ERRORS, more, {
        severity: 'error',
        code: 'yaml-syntax',
        loc: diagnostics[MAX_SYNTAX_ERRORS].loc,
        message: `… and ${more} more YAML syntax errors`,
        hint: `is ${file} a scopes.yaml? It should start with \`version: 1\``,
      });
    }
    return { data: undefined, at, diagnostics };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 1000 }), at, diagnostics };
  } catch (err) {
    return { data: undefined, at, diagnostics: [{ severity: 'error', code: 'yaml-syntax', loc: at.loc([]), message: `YAML: ${(err as Error).message}` }] };
  }
}
