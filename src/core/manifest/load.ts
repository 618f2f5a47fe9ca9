import * as nodePath from 'node:path';

import type { Catalog } from '../catalog/types';
import { compareDiagnostics, type Diagnostic } from '../../util/diagnostics';
import { isPlainObject } from '../../util/json';
import { readBoundedSync } from '../../util/bounded-read';
import { limit, LIMIT_ENV } from '../../util/limits';
import { fastParse, type Locator } from '../../util/yaml-locator';
import { simpleParse } from '../../util/yaml-simple';
import { ManifestContext, list } from './context';
import { customCards } from './custom-cards';
import { duplicateFlows, flow } from './flows';
import { orgs } from './orgs';
import { extraScope, policy } from './policy';
import { validateSchema } from './schema';
import type { Manifest } from './types';
import { complexityError, sizeError, slowParse } from './yaml-text';

export interface ParseOptions {
  /**
   * Read an older declaration (a review base) as it was accepted then: conditions that are errors
   * today because an apply would revoke a grant (an undeclared org name, an org with no scope) are
   * warnings instead, so that the change fixing them can still be reviewed.
   */
  lenient?: boolean;
  /** The folder a relative `file` is read from and its backend paths are judged against (the command's). */
  cwd?: string;
}

/** `manifest` is present only when there is no error; warnings may accompany it. */
export interface LoadResult {
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

/**
 * Reads and validates a scopes.yaml file. A file that cannot be read is one error naming it: only a
 * regular file is read (a FIFO or /dev/zero would hang the reader), up to WF_SCOPES_MAX_INPUT_BYTES.
 */
export function loadManifestFile(file: string, catalog: Catalog, opts: ParseOptions = {}): LoadResult {
  // A relative `file` is read from opts.cwd (the command's folder) and named as given in every message.
  const read = readBoundedSync(opts.cwd === undefined ? file : nodePath.resolve(opts.cwd, file), { cap: 'maxYaml' });
  if (!read.ok) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'unreadable',
          flag: '--config',
          message: `cannot read ${file}: ${read.reason}`,
          hint: read.code === 'too-large' ? `is ${file} a scopes.yaml? If so, raise ${LIMIT_ENV.maxYaml}` : 'pass the declaration with --config FILE (default: scopes.yaml in the current folder)',
        },
      ],
    };
  }
  return parseManifest(read.text, file, catalog, opts);
}

/** Parses and validates scopes.yaml text: YAML syntax, the JSON Schema, then names against the catalog. */
export function parseManifest(text: string, file: string, catalog: Catalog, opts: ParseOptions = {}): LoadResult {
  const tooLarge = sizeError(text, file);
  if (tooLarge) return { diagnostics: [tooLarge] };
  // The plain-YAML parser runs before the nesting scan: it gives up past the depth cap, and the indent
  // levels it saw may spare the scan (see complexityError).
  const simple = simpleParse(text, file, limit('maxDepth'));
  const tooComplex = complexityError(text, file, simple?.levels);
  if (tooComplex) return { diagnostics: [tooComplex] };
  const slow = () => slowParse(text, file);
  // Fast paths: the plain-YAML parser, else js-yaml with node positions. On anything js-yaml rejects,
  // the `yaml` library reports it.
  const fast = simple ?? fastParse(text, file, () => slow().at);
  let data: unknown;
  let at: Locator;
  if (fast) {
    data = fast.data;
    at = fast.locator;
  } else {
    const parsed = slow();
    if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
    data = parsed.data;
    at = parsed.at;
  }
  const diagnostics: Diagnostic[] = [];
  if (data === null || data === undefined) {
    return {
      diagnostics: [
        { severity: 'error', code: 'empty', loc: at.loc([]), message: `${file} is empty`, hint: 'start with `version: 1` and an `orgs:` list' },
      ],
    };
  }
  const schema = validateSchema(data, at);
  diagnostics.push(...schema.diagnostics);
  const ctx = new ManifestContext(file, at, catalog, diagnostics, schema.failedPaths, opts.lenient === true, opts.cwd);
  const manifest = build(ctx, data);
  diagnostics.sort(compareDiagnostics);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed ? { diagnostics } : { manifest, diagnostics };
}

/**
 * The semantic pass. It runs even when the schema pass found errors, reading defensively, so that one
 * run reports every problem of the file. Orgs come first (flows and extra scopes name them), custom
 * cards before flows (flows use them).
 */
function build(ctx: ManifestContext, data: unknown): Manifest {
  const root = isPlainObject(data) ? data : {};
  const orgDecls = orgs(ctx, list(root.orgs), isPlainObject(root.terraform) ? root.terraform : {});
  const custom = customCards(ctx, list(root.customCards));
  const flows = list(root.flows).flatMap((f, i) => flow(ctx, f, i));
  duplicateFlows(ctx, flows);
  const extraScopes = list(root.extraScopes).flatMap((e, i) => extraScope(ctx, e, ['extraScopes', i]));
  const pol = isPlainObject(root.policy) ? policy(ctx, root.policy) : undefined;
  return { file: ctx.file, version: 1, orgs: orgDecls, flows, extraScopes, customCards: custom, ...(pol ? { policy: pol } : {}) };
}
