// `wf-scopes scan`: the plain scan is here; --write and --check load their own modules (the YAML
// editor, the declaration loader) only when given, so a plain scan starts fast.
import * as path from 'node:path';
import { loadCatalog } from '../../core/catalog';
import { EXPORT_EXTENSIONS, scanFiles } from '../../sources/flows';
import { analyzeExports } from '../../app/scan/analyze';
import { scanToJson, scanToText } from '../../app/scan/format';
import type { ScanReport } from '../../app/scan/types';
import { UserError } from '../../util/diagnostics';
import { EXIT_ERROR, EXIT_OK, type CliIo } from '../io';
import { render, type CommandFormat, type Renderers } from '../../output/format';
import { flagError } from '../fail';

/** Without --check, scan prints text or json: checkOptions refuses the other formats first. */
export type PlainFormat = Extract<CommandFormat<'scan'>, 'text' | 'json'>;
export const plainFormat = (format: CommandFormat<'scan'>): PlainFormat => (format === 'json' ? 'json' : 'text');

const SCAN_RENDERERS: Renderers<PlainFormat, ScanReport, void> = { text: scanToText, json: scanToJson };

export interface ScanOptions {
  format: CommandFormat<'scan'>;
  /** Create or merge into this declaration. */
  write?: string;
  /** With --write: replace a read-only declaration. */
  force?: boolean;
  /** Compare the exports with this declaration. */
  check?: string;
  /** The org of a declaration --write creates. */
  orgDomain?: string;
  orgName?: string;
}

const ORG_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
function checkOptions(opts: ScanOptions): void {
  if (opts.write !== undefined && opts.check !== undefined) {
    throw flagError('--write', '--write and --check cannot be combined', 'write first, then check: `wf-scopes scan EXPORTS --check scopes.yaml`');
  }
  if ((opts.format === 'markdown' || opts.format === 'sarif' || opts.format === 'github') && opts.check === undefined) {
    throw flagError('--format', `--format ${opts.format} is for --check reports`, 'use text or json, or add --check scopes.yaml');
  }
  if (opts.force && opts.write === undefined) throw flagError('--force', '--force only applies to --write', 'drop --force, or add --write FILE');
  if ((opts.orgDomain !== undefined || opts.orgName !== undefined) && opts.write === undefined) {
    throw flagError(opts.orgDomain !== undefined ? '--org-domain' : '--org-name', 'the org options only apply to --write');
  }
  if (opts.orgName !== undefined && !ORG_NAME.test(opts.orgName)) {
    throw flagError('--org-name', `"${opts.orgName}" is not a valid org name`, 'a letter, then letters, digits, `-` or `_` (at most 63): it becomes a Terraform stack name');
  }
}

/**
 * `wf-scopes scan <paths…>`: what the exported flows use. Exit 0, or 1 when a file could not be read
 * (the others are still reported). With --write, creates or merges into a declaration (nothing is
 * written when an input failed or the result would not validate). With --check, exit 2 when an
 * undeclared card likely fails with 403.
 */
export async function runScan(paths: string[], opts: ScanOptions, io: CliIo): Promise<number> {
  checkOptions(opts);
  const catalog = loadCatalog();
  const scan = await scanFiles(paths.map((p) => path.resolve(io.cwd, p)));
  const report = analyzeExports(scan.results, catalog, io.cwd, scan.skipped);
  // Files whose extension claimed an export but whose content is none (a `.js.flow` type file), and
  // symlinks leading out of a folder walked: skipped, each with a note.
  for (const s of report.skipped) io.stderr(`note: skipped ${s.file}: ${s.reason}\n`);
  // Like a linter given no files: a scan of nothing must not pass a --check, nor write an empty
  // declaration, nor print an all-zero report as if the exports were fine. One rule for every mode.
  if (report.exports.length === 0 && report.errors.length === 0) throw nothingToScan(paths, report.skipped.length);
  if (opts.write !== undefined) return (await import('./scan-write')).runWrite(report, opts.write, opts, catalog, io);
  if (opts.check !== undefined) return (await import('./scan-check')).runCheckCoverage(report, opts.check, opts, catalog, io);
  io.stdout(render(plainFormat(opts.format), SCAN_RENDERERS, report, undefined));
  const failed = report.errors.length;
  // The text report lists them among the results; stderr also says so, for scripts and CI logs.
  if (failed > 0 && opts.format === 'text') io.stderr(`${failed} file${failed === 1 ? '' : 's'} could not be read (listed above)\n`);
  return failed > 0 ? EXIT_ERROR : EXIT_OK;
}

/** No export under any path: names the paths and what was looked for. */
function nothingToScan(paths: string[], skipped: number): UserError {
  const kinds = `${EXPORT_EXTENSIONS.join(', ')} files, or .json files holding a flopack`;
  const also = skipped > 0 ? ` (${skipped} path${skipped === 1 ? '' : 's'} skipped: see the notes above)` : '';
  return new UserError({
    severity: 'error',
    code: 'no-exports',
    flag: paths.join(', '),
    message: `no Okta Workflows export found: expected ${kinds}, searched recursively${also}`,
    hint: 'pass the files or folders holding the exports (hidden folders and node_modules are searched only when named); export flows from the Workflows Console with Export',
  });
}
