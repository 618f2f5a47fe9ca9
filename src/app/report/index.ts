export { buildAccessReport, driftHeadline, riskCounts } from './model';
export type { AccessReport, AccessReportInput, OrgAccess, ScopeAccess, FlowRow, PolicyException, OrgDriftView, FileRef } from './model';
export { parseDriftJson } from './drift-input';
export type { DriftInput, DriftOrgInput } from './drift-input';
export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { generatedAt, type Clock } from './clock';
