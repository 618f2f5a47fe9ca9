export { orgUsage, scopeOfWrite, type OrgUsage, type OrgUsageInput, type ScopeUsage, type ScopeWrite, type UnexplainedWrite, type UsageReport } from './usage';
export { renderUsage, usageJson, usageMarkdown, usageText, READS_NOT_LOGGED, USAGE_FORMATS, type UsageFormat } from './render';
export { parseUsageJson, lastSeenText, type UsageEvidence, type UsageEvidenceOrg } from './parse';
