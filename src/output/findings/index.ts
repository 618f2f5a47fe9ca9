/**
 * The findings model: one finding type for every command, one rule registry, one renderer per format.
 *
 *   producer (check, diff, review, scan --check) → Finding[] → renderFindings(format) → text
 *
 * A producer builds findings with `finding(ruleName, fields)`; adding a kind of finding means adding a
 * rule to ./rules (see there). Commands with a richer report of their own (diff's tables, review's
 * comment) still print it in text and Markdown, and list these same findings in JSON (`findings`),
 * SARIF and GitHub annotations.
 */
import { findingsToGithub } from './github';
import { appendFindings } from './json';
import { findingsToMarkdown } from './markdown';
import { findingsToSarif } from './sarif';
import { findingsToText } from './text';
import type { Finding, FindingContext } from '../../rules/finding';
import { render, type OutputFormat, type Renderers } from '../format';

export { finding, compareFindings, hasErrors, unsuppressed, type Finding, type FindingContext, type FindingFields, type FindingLoc, type FindingProperty } from '../../rules/finding';
export { RULES, RULE_LIST, ruleIndex, helpUri, type Rule, type RuleName, type FindingLevel } from '../../rules/registry';
export { findingsToSarif, sarifRules, SARIF_SCHEMA_URI, SARIF_KEY_ORDER } from './sarif';
export { findingsToGithub } from './github';
export { findingsToText } from './text';
export { findingsToMarkdown, findingMarkdown } from './markdown';
export { findingToJson, appendFindings, FINDING_JSON_KEYS, type FindingJson } from './json';
export { artifactUri } from './paths';
export { displayPath } from '../../util/paths';
export { fromDiagnostic, fromDiagnostics } from '../../rules/from-diagnostics';
export * as escape from '../../util/escape';

/** The formats findings alone can be printed in. */
export type FindingFormat = Exclude<OutputFormat, 'html'>;

const RENDERERS: Renderers<FindingFormat, readonly Finding[], FindingContext> = {
  text: (findings) => findingsToText(findings),
  json: (findings, ctx) => appendFindings('{\n}\n', findings, ctx),
  markdown: findingsToMarkdown,
  sarif: findingsToSarif,
  github: findingsToGithub,
};

/** Findings alone in a format; output ends with a newline (or is empty for text/github with none). */
export function renderFindings(format: FindingFormat, findings: readonly Finding[], ctx: FindingContext): string {
  return render(format, RENDERERS, findings, ctx);
}
