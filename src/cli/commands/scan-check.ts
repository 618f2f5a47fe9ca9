// `scan --check`: loaded only when --check is given.
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/types';
import { loadProjectText } from '../../core/project';
import { checkCoverage, flowsKeyLoc, hasLikely403 } from '../../app/scan/coverage';
import { formatCoverage } from '../../app/scan/coverage-format';
import type { ScanReport } from '../../app/scan/types';
import { readBounded } from '../../util/bounded-read';
import { EXIT_DRIFT, EXIT_ERROR, EXIT_OK, type CliIo } from '../io';
import { toolHomepage, toolVersion } from '../version';
import { flagError } from '../fail';
import type { ScanOptions } from './scan';

async function readOptional(file: string, flag: string): Promise<string | undefined> {
  const read = await readBounded(file, { cap: 'maxYaml' });
  if (read.ok) return read.text;
  if (read.code === 'not-found') return undefined;
  throw flagError(flag, `cannot read ${file}: ${read.reason}`);
}
export async function runCheckCoverage(report: ScanReport, file: string, opts: ScanOptions, catalog: Catalog, io: CliIo): Promise<number> {
  const text = await readOptional(path.resolve(io.cwd, file), '--check');
  if (text === undefined) throw flagError('--check', `cannot read ${file}: no such file`, 'create it with `wf-scopes scan EXPORTS --write scopes.yaml --org-domain <org>.okta.com`');
  // Leniently: coverage is about the exports, not an apply; check, synth and review fail closed.
  const project = loadProjectText(text, file, { catalog, lenient: true });
  const coverage = checkCoverage(report, project.manifest, project.resolution, catalog, flowsKeyLoc(text, file));
  io.stdout(formatCoverage(opts.format, coverage, { toolVersion: toolVersion(), baseDir: io.cwd, homepage: toolHomepage() }));
  if (report.errors.length > 0) return EXIT_ERROR;
  return hasLikely403(coverage) ? EXIT_DRIFT : EXIT_OK;
}
