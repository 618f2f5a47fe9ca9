export { credentialsFromEnv, credentialVars, DEFAULT_API_SCOPES, type OktaCredentials } from './credentials';
export { parseWwwAuthenticate } from './errors';
export { ReadOnlyRequestExecutor, type RequestStats, type ExecutorOptions } from './executor';
export { OktaTransportError } from './failures';
export { fetchLiveGrants, createReadOnlyClient, summarise, type FetchLiveGrantsOptions, type LiveGrantsResult } from './grants';
export { resolveOrgUrl, checkOrgUrl, isLoopbackHost } from './org-url';
export { readOrgs, type OrgTarget, type OrgRead, type ReadOrgsOptions } from './orgs';
export { readConnectionEvidence, keepEvent, logFilter, nextLink, TOKEN_EVENT_TYPES, CONNECTION_EVENT_PREFIX, type ConnectionEvidence, type Readout, type ReadConnectionOptions, type LogEventItem, type RefreshTokenItem } from './connection';
