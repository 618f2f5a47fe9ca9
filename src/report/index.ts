import type { DriftReport } from '../drift/types';
import type { Formatter, ReportContext } from './context';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';

export type { Formatter, ReportContext } from './context';
export { formatJson, JSON_KEY_ORDER } from './json';
export { formatMarkdown, escapeMarkdown } from './markdown';
export { formatSarif, artifactUri, SARIF_SCHEMA_URI, RULE_MISSING, RULE_EXTRA } from './sarif';
export { formatText } from './text';
export { stableStringify, type StableJsonOptions } from './stable-json';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'sarif';

const FORMATTERS: Readonly<Record<ReportFormat, Formatter>> = {
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
};

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'sarif'];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The report in the given format; output always ends with a newline. */
export function renderDrift(format: ReportFormat, report: DriftReport, ctx: ReportContext): string {
  return FORMATTERS[format](report, ctx);
}
