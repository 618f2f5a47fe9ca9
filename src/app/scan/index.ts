/** `wf-scopes scan`: what exported flows use, and how that compares with a declaration. */
export * from './types';
export { analyzeExports, scanCard } from './analyze';
export { displayPath } from '../../util/paths';
export { scanToJson, scanToText, cardLabel } from './format';
export { identify, matchFlows, useIdentity, type CardIdentity, type FlowKey } from './identity';
export { mergeDeclaration, orgNameFromDomain, skeleton, HINT_PREFIX, type MergeInput, type MergeResult, type NewOrg, type StaleEntry } from './merge';
export {
  checkCoverage,
  flowsKeyLoc,
  hasLikely403,
  type CoverageReport,
  type UncoveredCard,
  type UncoveredStatus,
  type StaleCard,
  type UnusedFlow,
  type NotChecked,
} from './coverage';
export {
  formatCoverage,
  coverageToJson,
  coverageToMarkdown,
  coverageToSarif,
  coverageToText,
  uncoveredMessage,
  RULE_UNDECLARED,
  RULE_UNDECLARED_GRANTED,
  RULE_STALE,
  RULE_FLOW_NOT_IN_EXPORTS,
  RULE_NOT_CHECKED,
  type CoverageFormat,
  type CoverageContext,
} from './coverage-format';
