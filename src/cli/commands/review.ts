import * as path from 'node:path';
import { loadCatalog } from '../../core/catalog';
import { todayUtc } from '../../core/policy/evaluate';
import { defaultManifestFile, loadProject, type Project } from '../../core/project';
import { gitRoot, parseBase, planBase, readBaseFile, readGitBase, renderReview, reviewChange, type ExportUse, type Review, type ReviewBase, type ReviewFormat } from '../../app/review';
import { UserError } from '../../util/diagnostics';
import { toolHomepage, toolVersion } from '../version';
import { EXIT_DRIFT, EXIT_OK, type CliIo, inCwd } from '../io';

export interface ReviewOptions {
  config?: string;
  base?: string;
  baseFile?: string;
  plan?: string[];
  /** Flow exports (files or folders): a removed scope their cards need is flagged. */
  flows?: string[];
  format: ReviewFormat;
  /** `--usage FILE`: a `wf-scopes usage --format json` result: last-seen evidence of each scope added or removed. */
  usage?: string;
  /** `--drift FILE`: a `wf-scopes diff --format json` result: what each app holds now, and what approving does to it. */
  drift?: string;
}

/** Exit code when the change needs a reviewer's decision (a high-risk scope added, or a policy violation). */
export const EXIT_NEEDS_DECISION = EXIT_DRIFT;

/**
 * `wf-scopes review`: the declaration compared with a base (a git revision, a file, or Terraform
 * plans). Without a base option the base is HEAD, inside a git repository only. Exit 2 when a
 * reviewer must decide, 0 otherwise, 1 on error.
 */
export async function runReview(opts: ReviewOptions, io: CliIo): Promise<number> {
  const plans = opts.plan ?? [];
  const given = [opts.base !== undefined && '--base', opts.baseFile !== undefined && '--base-file', plans.length > 0 && '--plan'].filter((x): x is string => x !== false);
  if (given.length > 1) throw new UserError({ severity: 'error', code: 'review-flags', flag: given.join(', '), message: `${given.join(' and ')} cannot be combined`, hint: 'compare with one base' });

  const catalog = loadCatalog();
  const today = todayUtc(io.env);
  const file = opts.config ?? defaultManifestFile(io.env);
  const configPath = inCwd(io, file);
  const head = loadProject(file, { cwd: io.cwd, catalog, today });
  const root = await gitRoot(path.dirname(path.resolve(io.cwd, configPath)), io.env);

  let base: ReviewBase;
  if (plans.length > 0) {
    base = planBase(plans.map((p) => ({ file: p, text: readPlan(inCwd(io, p), p) })), head);
  } else if (opts.baseFile !== undefined) {
    base = { kind: 'file', label: opts.baseFile, project: parseBase(readBaseFile(inCwd(io, opts.baseFile), opts.baseFile), opts.baseFile, '--base-file', catalog, today) };
  } else {
    if (opts.base === undefined && root === undefined) {
      throw new UserError({
        severity: 'error',
        code: 'review-no-base',
        flag: '--base',
        message: 'nothing to compare with: not inside a git repository',
        hint: 'pass --base-file FILE (an earlier scopes.yaml) or --plan FILE (terraform show -json of a saved plan)',
      });
    }
    const ref = opts.base ?? 'HEAD';
    const got = await readGitBase(ref, path.resolve(io.cwd, configPath), io.env);
    base = { kind: 'git', label: got.label, project: got.text === undefined ? undefined : parseBase(got.text, got.label, '--base', catalog, today) };
  }

  // Not named `exports`: in the compiled CommonJS that would shadow the module's own exports object.
  const flowUses = opts.flows && opts.flows.length > 0 ? await readExportUses(opts.flows, io, catalog) : [];
  const changed = reviewChange(head, base, { exports: flowUses });
  const review = opts.drift !== undefined ? await withDrift(changed, head, base, opts.drift, io) : changed;
  const ctx = { baseDir: root ?? path.resolve(io.cwd), cwd: io.cwd, toolVersion: toolVersion(), homepage: toolHomepage() };
  const rendered = renderReview(opts.format, review, ctx);
  io.stdout(opts.usage !== undefined ? await withUsage(rendered, review, opts.usage, opts.format, io, catalog) : rendered);
  return review.summary.needsDecision ? EXIT_NEEDS_DECISION : EXIT_OK;
}

/** Every Okta-family card of the exports, with its scopes; an unreadable export fails the review. */
async function readExportUses(paths: string[], io: CliIo, catalog: ReturnType<typeof loadCatalog>): Promise<ExportUse[]> {
  // Loaded only here: the export reader is only needed with --flows.
  const { scanFiles } = await import('../../sources/flows/files');
  const { analyzeExports } = await import('../../app/scan');
  const report = analyzeExports((await scanFiles(paths.map((p) => path.resolve(io.cwd, p)))).results, catalog, io.cwd);
  if (report.errors.length > 0) {
    throw new UserError(
      report.errors.map((e) => ({ severity: 'error' as const, code: 'review-flows', flag: '--flows', message: `${e.file}: ${e.reason}`, hint: 'fix or leave out that export: an unread flow could need a scope this change removes' })),
    );
  }
  return report.exports.flatMap((x) =>
    x.flows.flatMap((f) => f.cards.filter((c) => c.scopes.length > 0).map((c) => ({ file: x.file, flow: f.name, card: c.ref ?? c.title, scopes: c.scopes }))),
  );
}

/** `--drift`: read and checked as `report --drift` reads it; every org's live state set on the review. */
async function withDrift(review: Review, head: Project, base: ReviewBase, file: string, io: CliIo): Promise<Review> {
  // Loaded only here: the schema check (Ajv) and the comparison are only needed with --drift.
  const { readDriftFile } = await import('../drift-file');
  const { withLive } = await import('../../app/review/live');
  return withLive(review, head, base, readDriftFile(file, io));
}

function readPlan(file: string, shownAs: string): string {
  // Bounded and regular files only, like every input (src/util/bounded-read.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../sources/terraform') as typeof import('../../sources/terraform')).readShowJsonFile(file, shownAs, '--plan');
}


/** The review with the last-seen evidence of `--usage FILE` (markdown and json; pinned by SHA-256). */
async function withUsage(rendered: string, review: import('../../app/review').Review, file: string, format: ReviewFormat, io: CliIo, catalog: ReturnType<typeof loadCatalog>): Promise<string> {
  if (format !== 'markdown' && format !== 'json') {
    throw new UserError({ severity: 'error', code: 'review-flags', flag: '--usage', message: `--usage adds to the markdown or json review, not ${format}`, hint: 'use --format markdown or json' });
  }
  const { readBoundedSync } = await import('../../util/bounded-read');
  const read = readBoundedSync(inCwd(io, file), { cap: 'maxInput' });
  if (!read.ok) throw new UserError({ severity: 'error', code: 'review-flags', flag: '--usage', message: `cannot read ${file}: ${read.reason}`, hint: 'write it first: `wf-scopes usage --format json > usage.json`' });
  const { jsonTooDeep } = await import('../../util/nesting');
  const { limit } = await import('../../util/limits');
  const deep = jsonTooDeep(read.text, limit('maxDepth'));
  if (deep) throw new UserError({ severity: 'error', code: 'usage-input', loc: { file, line: deep.line, column: deep.column }, message: 'nested too deep: not a `wf-scopes usage --format json` result', hint: 'pass the output of `wf-scopes usage --format json`' });
  const { parseUsageJson } = await import('../../app/usage/parse');
  const evidence = parseUsageJson(read.text, file, catalog);
  const { createHash } = await import('node:crypto');
  const ref = { file, sha256: createHash('sha256').update(read.text, 'utf8').digest('hex') };
  const u = await import('../../app/review/usage');
  const rows = u.reviewUsageRows(review, evidence, file);
  return format === 'json' ? u.reviewUsageJson(rendered, rows, ref, evidence) : rendered + u.reviewUsageMarkdown(rows, ref, evidence);
}
