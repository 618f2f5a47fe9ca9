import type { DriftReport } from '../../core/drift/types';
import type { Formatter, ReportContext } from '../../rules/report-context';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { findingsToGithub } from '../findings/github';
import { driftFindings } from '../../rules/drift';

export type { Formatter, ReportContext } from '../../rules/report-context';
export { formatJson, JSON_KEY_ORDER } from './json';
export type { DiffJson, DiffJsonOrg, DiffJsonNeed, DiffJsonError } from './json';
export { formatMarkdown, escapeMarkdown } from './markdown';
export { driftFindings } from '../../rules/drift';
export { formatSarif, artifactUri, SARIF_SCHEMA_URI, RULE_MISSING, RULE_EXTRA } from './sarif';
export { formatText } from './text';
export { stableStringify, type StableJsonOptions } from '../stable-json';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'github';

/** GitHub workflow-command annotations of the drift findings (the shared renderer). */
const formatGithub: Formatter = (report, ctx) =>
  findingsToGithub(driftFindings(report, ctx), { toolVersion: ctx.toolVersion, baseDir: ctx.baseDir, cwd: ctx.baseDir });

const FORMATTERS: Readonly<Record<ReportFormat, Formatter>> = {
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  github: formatGithub,
};

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'sarif', 'github'];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The report in the given format; output always ends with a newline. */
export function renderDrift(format: ReportFormat, report: DriftReport, ctx: ReportContext): string {
  return FORMATTERS[format](report, ctx);
}
