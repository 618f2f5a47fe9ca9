export { buildAccessReport } from './model';
export { driftHeadline, riskCounts } from './headline';
export type { AccessReport, AccessReportInput, OrgAccess, ScopeAccess, FlowRow, PolicyException, OrgDriftView, FileRef } from './types';
export { parseDriftJson } from '../../output/diff/drift-input';
export type { DriftInput, DriftOrgInput } from '../../output/diff/drift-input';
export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { generatedAt, type Clock } from './clock';
