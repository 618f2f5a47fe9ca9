import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { buildAccessReport, generatedAt, renderHtml, renderMarkdown, type AccessReport, type AccessReportInput } from '../../app/report';
import { CONTROL_FRAMEWORKS, loadControls, type ControlFramework, type ControlTags } from '../../app/report/controls';
import { loadCatalog, type Catalog } from '../../core/catalog';
import { defaultManifestFile, loadProjectText } from '../../core/project';
import { riskOf } from '../../core/risk';
import { SafeWriteError, writeFileSafely } from '../../util/safe-write';
import { readBoundedSync } from '../../util/bounded-read';
import { limit, LIMIT_ENV } from '../../util/limits';
import { jsonTooDeep } from '../../util/nesting';
import { closest } from '../../util/suggest';
import { toolVersion } from '../version';
import { EXIT_OK, type CliIo, inCwd } from '../io';
import { flagError } from '../fail';
import { readDriftFile } from '../drift-file';
import { render, type CommandFormat, type Renderers } from '../../output/format';

const RENDERERS: Renderers<CommandFormat<'report'>, AccessReport, void> = { html: renderHtml, markdown: renderMarkdown };

export interface ReportOptions {
  config?: string;
  org?: string;
  drift?: string;
  /** `--usage FILE`: a `wf-scopes usage --format json` result, shown as last-seen evidence. */
  usage?: string;
  format: CommandFormat<'report'>;
  output?: string;
  now?: string;
  /** `--since PREVIOUS`: a previous report.html, a git revision or a scopes.yaml: what changed since. */
  since?: string;
  /** `--controls soc2|nist|none`: tag each finding with the control it evidences (data/controls.yaml). */
  controls?: string;
}


/** Reads a file named by a flag; a missing or unreadable file is that flag's error. */
/**
 * Reads an input through the one bounded reader: regular files only (a FIFO or /dev/zero would hang a
 * plain read), up to the cap for its kind (a scopes.yaml, or a JSON drift result).
 */
function readNamed(file: string, shownAs: string, flag: string, hint: string, cap: 'maxYaml' | 'maxInput'): string {
  const read = readBoundedSync(file, { cap });
  if (!read.ok) throw flagError(flag, `cannot read ${shownAs}: ${read.reason}`, read.code === 'too-large' ? `raise ${LIMIT_ENV[cap]} if ${shownAs} is what you meant` : hint);
  return read.text;
}

/** `--controls`: a framework of data/controls.yaml (loaded and checked), or none (the default). */
function controlsOf(flag: string | undefined): ControlTags | undefined {
  if (flag === undefined || flag === 'none') return undefined;
  const known = [...CONTROL_FRAMEWORKS, 'none'];
  if (!(CONTROL_FRAMEWORKS as readonly string[]).includes(flag)) {
    const guess = closest(flag, known, 1);
    throw flagError('--controls', `expected one of ${known.join(', ')}, got "${flag}"`, guess.length ? `did you mean \`--controls ${guess[0]}\`?` : 'e.g. --controls soc2');
  }
  return loadControls(flag as ControlFramework);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `--since`: the previous review (a report, a git revision or a file) and what changed since, per org. */
async function sinceOf(value: string, report: AccessReport, declared: readonly string[], ctx: import('../../app/report/since').SinceContext): Promise<AccessReport['since']> {
  // Loaded only here: git and the record reader are only needed with --since.
  const { compareSince, readSince } = await import('../../app/report/since');
  return compareSince(await readSince(value, ctx), report, declared);
}

/**
 * `wf-scopes report`: an access review of the declaration (and, with --drift, of the org), as one
 * self-contained HTML page or as markdown. Everything is read and checked before anything is
 * written, and the output file is replaced atomically: a failed run leaves no partial report.
 * Exit 0 when written (policy violations and drift are shown in the report), 1 on any error.
 */
export async function runReport(opts: ReportOptions, io: CliIo): Promise<number> {
  const clock = generatedAt(opts.now, io.env.WF_SCOPES_TODAY, () => Date.now());
  if (!clock) throw flagError('--now', `expected a date (2026-12-31) or a date-time with a zone (2026-12-31T09:30:00Z), got "${opts.now}"`, 'e.g. --now 2026-12-31');

  if (opts.output !== undefined) {
    const dir = path.dirname(path.resolve(io.cwd, opts.output));
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw flagError('--output', `the folder of ${opts.output} does not exist`, 'create it first, or write the report elsewhere');
  }

  const controls = controlsOf(opts.controls);
  const file = opts.config ?? defaultManifestFile(io.env);
  const text = readNamed(inCwd(io, file), file, '--config', 'name the declaration with --config FILE, or run where scopes.yaml is', 'maxYaml');
  const catalog = loadCatalog();
  const project = loadProjectText(text, file, { catalog, today: clock.today });

  const declared = project.resolution.orgs.map((o) => o.name);
  if (opts.org !== undefined && !declared.includes(opts.org)) {
    const guess = closest(opts.org, declared, 1);
    throw flagError('--org', `no org \`${opts.org}\` in ${file}`, guess.length ? `did you mean \`${guess[0]}\`?` : `declared orgs: ${declared.join(', ')}`);
  }

  const drift = readDrift(opts, io);
  const usage = await readUsage(opts, io, catalog);

  const report = buildAccessReport({
    manifest: project.manifest,
    resolution: project.resolution,
    policy: project.policy,
    catalog,
    risk: (s) => riskOf(s),
    generatedAt: clock.generatedAt,
    today: clock.today,
    toolVersion: toolVersion(),
    declaration: { file, sha256: sha256(text) },
    ...(opts.org !== undefined ? { orgs: [opts.org] } : {}),
    ...(drift ? { drift } : {}),
    ...(usage ? { usage } : {}),
    ...(controls ? { controls } : {}),
  });
  if (opts.since !== undefined) report.since = await sinceOf(opts.since, report, declared, { cwd: io.cwd, env: io.env, configFile: path.resolve(io.cwd, inCwd(io, file)), catalog, today: clock.today });
  const out = render(opts.format, RENDERERS, report, undefined);
  // The report shows them; a pipeline log should not have to open it to know.
  const violations = project.policy.violations.length;
  const note = violations > 0 ? `note: ${violations} policy violation${violations === 1 ? '' : 's'} (shown in the report; \`wf-scopes check\` fails on them)\n` : '';

  if (opts.output === undefined) {
    io.stdout(out);
    io.stderr(note);
    return EXIT_OK;
  }
  try {
    await writeFileSafely(path.resolve(io.cwd, opts.output), out, { cap: 'maxInput' });
  } catch (err) {
    if (err instanceof SafeWriteError) throw flagError('--output', `${err.message}; nothing written`, err.hint);
    throw flagError('--output', `cannot write ${opts.output}: ${(err as Error).message}`);
  }
  const scopes = report.orgs.reduce((n, o) => n + o.scopes.length, 0);
  io.stderr(`${note}wrote ${opts.output}: ${report.orgs.length} org${report.orgs.length === 1 ? '' : 's'}, ${scopes} scope grant${scopes === 1 ? '' : 's'}, ${Buffer.byteLength(out)} bytes\n`);
  return EXIT_OK;
}

function readDrift(opts: ReportOptions, io: CliIo): AccessReportInput['drift'] {
  return opts.drift === undefined ? undefined : readDriftFile(opts.drift, io);
}

async function readUsage(opts: ReportOptions, io: CliIo, catalog: Catalog): Promise<AccessReportInput['usage']> {
  if (opts.usage === undefined) return undefined;
  const usageText = readNamed(inCwd(io, opts.usage), opts.usage, '--usage', 'write it first: `wf-scopes usage --format json > usage.json`', 'maxInput');
  const deep = jsonTooDeep(usageText, limit('maxDepth'));
  if (deep) throw flagError('--usage', `${opts.usage}:${deep.line}:${deep.column}: nested deeper than ${limit('maxDepth')} levels (${LIMIT_ENV.maxDepth}): not a \`wf-scopes usage --format json\` result`, 'pass the output of `wf-scopes usage --format json`');
  const { parseUsageJson } = await import('../../app/usage/parse');
  return { ref: { file: opts.usage, sha256: sha256(usageText) }, input: parseUsageJson(usageText, opts.usage, catalog) };
}
