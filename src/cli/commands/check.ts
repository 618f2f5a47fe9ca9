import { compareFindings, fromDiagnostics, hasErrors, renderFindings, type Finding, type FindingContext } from '../../output/findings';
import { policyFindings } from '../../rules/policy';
import { defaultManifestFile, loadProject, policyDiagnostics, type Project } from '../../core/project';
import { checkSummary, resolutionToText, warningsToText, writeResolutionJson } from '../../output/check';
import { compareDiagnostics, UserError } from '../../util/diagnostics';
import { EXIT_ERROR, EXIT_OK, inCwd, type CliIo } from '../io';
import { tuneHeapFor } from '../heap';
import { acknowledgedInferredNote } from '../../core/wording';
import { colourWanted, paintRiskColumns } from '../../util/colour';
import { toolHomepage, toolVersion } from '../version';
import { COMMAND_FORMATS, type CommandFormat } from '../../output/format';

export type CheckFormat = CommandFormat<'check'>;
export const CHECK_FORMATS: readonly CheckFormat[] = COMMAND_FORMATS.check;

export interface CheckOptions {
  config?: string;
  format: CheckFormat;
  /** Text: every reason of every scope, not the first five. */
  all?: boolean;
}

/**
 * `wf-scopes check`: validate and explain the declaration. Exit 0 valid, 1 on any input error or
 * policy violation. In text, errors go to stderr; in json, sarif and github they are findings on
 * stdout (WFS301 input errors with their file:line:column, WFS103 policy violations, …).
 */
export async function runCheck(opts: CheckOptions, io: CliIo): Promise<number> {
  const file = opts.config ?? defaultManifestFile(io.env);
  tuneHeapFor(inCwd(io, file));
  if (opts.format === 'text') return checkText(file, io, opts.all === true);

  let project: Project | undefined;
  let findings: Finding[];
  try {
    project = loadProject(file, { cwd: io.cwd });
    findings = [...fromDiagnostics(project.warnings), ...policyFindings(project.policy)];
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    findings = fromDiagnostics(err.diagnostics);
  }
  findings.sort(compareFindings);
  const ctx: FindingContext = { toolVersion: toolVersion(), baseDir: io.cwd, cwd: io.cwd, homepage: toolHomepage() };
  if (opts.format === 'json') {
    const warnings = project ? [...project.warnings, ...policyDiagnostics(project.policy)].filter((d) => d.severity === 'warning').sort(compareDiagnostics) : [];
    // Pieces go out as they come while stdout takes them (on Linux a pipe or file takes them at once);
    // once it is busy, the rest wait here, sharing their text (see writeResolutionJson), and are handed
    // on one at a time, so that a pipe never queues (or copies) the whole document.
    const pending: string[] = [];
    writeResolutionJson(project?.resolution ?? { orgs: [], warnings: [] }, warnings, findings, ctx, (chunk) => {
      if (pending.length === 0 && io.stdoutBusy?.() !== true) io.stdout(chunk);
      else pending.push(chunk);
    });
    for (const chunk of pending) {
      await io.stdoutDrained?.();
      io.stdout(chunk);
    }
  } else {
    io.stdout(renderFindings(opts.format, findings, ctx));
  }
  return hasErrors(findings) ? EXIT_ERROR : EXIT_OK;
}

function checkText(file: string, io: CliIo, all: boolean): number {
  const project = loadProject(file, { cwd: io.cwd });
  const policy = policyDiagnostics(project.policy);
  // A policy violation is an input error: check fails, like synth does, before printing a scope list.
  if (policy.some((d) => d.severity === 'error')) throw new UserError([...policy, ...project.warnings].sort(compareDiagnostics));
  const warnings = [...project.warnings, ...policy].sort(compareDiagnostics);
  const text = resolutionToText(project.resolution, { all });
  io.stdout(colourWanted(io.env, io.stdoutIsTTY === true) ? paintRiskColumns(text) : text);
  io.stderr(warningsToText(warnings));
  const acked = project.resolution.acknowledgedInferred;
  if (acked !== undefined) io.stderr(acknowledgedInferredNote(acked));
  io.stdout(checkSummary(project.resolution, warnings.filter((d) => d.severity === 'warning').length));
  return EXIT_OK;
}

