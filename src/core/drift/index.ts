export * from './types';
export { compareOrg, compareOrgs, broaderScopeOf, type CompareOptions } from './compare';
export { driftKinds, exitCodeFor, summarize, isFailOn, FAIL_ON_VALUES } from './summarize';
export type { DriftKind, FailOn, OrgSummary } from './summarize';
export { sortReport, sortOrgDrift, compareNeeds, compareStrings } from './order';
