/**
 * init's scopes.yaml: a starter for the org of the flags, or, with `--from`, the declaration `scan
 * --write` would create from the exports (the same analysis and merge), with the `$schema` line.
 */
import type { Catalog } from '../../core/catalog/types';
import { parseManifest } from '../../core/manifest/load';
import { loadProjectText } from '../../core/project';
import { scanFiles } from '../../sources/flows';
import { analyzeExports, mergeDeclaration, skeleton, type ScanReport } from '../scan';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import { SCHEMA_LINE, starterScopes } from './files';

export interface InitOrg {
  name: string;
  domain: string;
}

export interface Declaration {
  text: string;
  /** With --from: the flows written and the exports read. */
  scanned?: { flows: number; exports: number; hints: number; skipped: ScanReport['skipped'] };
  /** Why `wf-scopes check` would still reject the file (the exports hold no Okta card, say). */
  rejected?: string;
}

/**
 * The org flags checked by the declaration's own rules (the schema and the loader: one home for what a
 * domain and an org name may be), each problem reported against its flag.
 */
export function checkOrgFlags(org: InitOrg, catalog: Catalog): void {
  const problems: Diagnostic[] = [];
  const probe = (text: string, flag: string): void => {
    for (const d of parseManifest(text, 'scopes.yaml', catalog).diagnostics) {
      if (d.severity === 'error') problems.push({ ...d, loc: undefined, flag });
    }
  };
  probe(skeleton({ name: org.name, domain: 'example.okta.com' }, 0), '--org-name');
  probe(skeleton({ name: 'prod', domain: org.domain }, 0), '--org-domain');
  if (problems.length > 0) throw new UserError([...problems, nothingWritten('--org-domain')]);
}

const nothingWritten = (flag: string): Diagnostic => ({ severity: 'error', code: 'nothing-written', flag, message: 'wf-scopes init wrote nothing' });

/** The `$schema` line first: replacing one the text has, or added above it. */
export function withSchemaLine(text: string): string {
  const lines = text.split('\n');
  if (lines[0]?.startsWith('# yaml-language-server:')) lines[0] = SCHEMA_LINE;
  else lines.unshift(SCHEMA_LINE);
  return lines.join('\n');
}

function rejects(text: string, catalog: Catalog): string | undefined {
  try {
    const first = loadProjectText(text, 'scopes.yaml', { catalog }).policy.violations[0];
    return first ? `policy ${first.rule}: ${first.message}` : undefined;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const d = e.diagnostics.find((x) => x.severity === 'error') ?? e.diagnostics[0];
    return d ? `${d.message}${d.hint ? ` (${d.hint})` : ''}` : 'it has errors';
  }
}

/** scopes.yaml for `org`, from the exports under `from` (absolute; `shown` as the user typed it) when given. */
export async function declaration(org: InitOrg, catalog: Catalog, cwd: string, from?: { abs: string; shown: string }): Promise<Declaration> {
  if (from === undefined) return { text: starterScopes(org) };
  const scan = await scanFiles([from.abs]);
  const report = analyzeExports(scan.results, catalog, cwd, scan.skipped);
  if (report.errors.length > 0) {
    throw new UserError([
      ...report.errors.map((e) => ({ severity: 'error' as const, code: e.code, message: `${e.file}${e.line !== undefined ? `:${e.line}:${e.column}` : ''}: ${e.reason}` })),
      nothingWritten('--from'),
    ]);
  }
  if (report.exports.length === 0) {
    throw new UserError({
      severity: 'error',
      code: 'no-exports',
      flag: '--from',
      message: `no Okta Workflows export found in ${from.shown}: expected .flow, .folder or .flopack files (searched recursively); nothing written`,
      hint: 'name the folder holding the exports (Workflows console: ⋮ → Export), or leave --from out for a starter scopes.yaml',
    });
  }
  const result = mergeDeclaration({ report, catalog, file: 'scopes.yaml', org });
  const invalid = result.validation.diagnostics.filter((d) => d.severity === 'error');
  // A bug of ours or a catalog gap: never hand the user a declaration check rejects on load.
  if (invalid.length > 0) throw new UserError([...invalid.map((d) => ({ ...d, loc: undefined })), nothingWritten('--from')]);
  const text = withSchemaLine(result.text);
  const rejected = rejects(text, catalog);
  return {
    text,
    scanned: { flows: result.flowsAdded.length, exports: report.exports.length, hints: result.hints.length, skipped: report.skipped },
    ...(rejected !== undefined ? { rejected } : {}),
  };
}
