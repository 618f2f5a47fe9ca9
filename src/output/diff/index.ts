import type { DriftReport } from '../../core/drift/types';
import type { Formatter, ReportContext } from '../../rules/report-context';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { findingsToGithub } from '../findings/github';
import { driftFindings } from '../../rules/drift';
import { COMMAND_FORMATS, isFormatOf, render, type CommandFormat, type Renderers } from '../format';

export type { Formatter, ReportContext } from '../../rules/report-context';
export { formatJson, JSON_KEY_ORDER } from './json';
export type { DiffJson, DiffJsonOrg, DiffJsonNeed, DiffJsonError } from './json';
export { formatMarkdown, escapeMarkdown } from './markdown';
export { driftFindings } from '../../rules/drift';
export { formatSarif, artifactUri, SARIF_SCHEMA_URI, RULE_MISSING, RULE_EXTRA } from './sarif';
export { formatText } from './text';
export { stableStringify, type StableJsonOptions } from '../stable-json';

/** The formats `diff --format` accepts. */
export type ReportFormat = CommandFormat<'diff'>;

/** GitHub workflow-command annotations of the drift findings (the shared renderer). */
const formatGithub: Formatter = (report, ctx) =>
  findingsToGithub(driftFindings(report, ctx), { toolVersion: ctx.toolVersion, baseDir: ctx.baseDir, cwd: ctx.baseDir });

const RENDERERS: Renderers<ReportFormat, DriftReport, ReportContext> = {
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  github: formatGithub,
};

export const REPORT_FORMATS: readonly ReportFormat[] = COMMAND_FORMATS.diff;

export function isReportFormat(value: string): value is ReportFormat {
  return isFormatOf(REPORT_FORMATS, value);
}

/** The report in the given format; output always ends with a newline. */
export function renderDrift(format: ReportFormat, report: DriftReport, ctx: ReportContext): string {
  return render(format, RENDERERS, report, ctx);
}
