/**
 * `require('wf-scopes')`: the library without CDKTF. Loads and checks a declaration the way `wf-scopes
 * check` does (schema, catalog, resolution, policy), and exposes the catalog and the risk table.
 * Importing it never loads cdktf: the construct and the stack are in `wf-scopes/synth` (src/api/synth.ts).
 */
export { loadProject, loadProjectText, policyDiagnostics, defaultManifestFile, type Project, type LoadOptions } from '../core/project';
export { loadManifestFile, parseManifest, type LoadResult, type ParseOptions } from '../core/manifest/load';
export type * from '../core/manifest/types';
export { loadCatalog, defaultDataDir, CatalogDataError } from '../core/catalog';
export type { Catalog, CatalogCard, ConnectorInfo, ConnectorKey, Evidence, ScopeInfo } from '../core/catalog/types';
export { resolve, type ResolveOptions } from '../core/resolve/resolve';
export type { Need, Reason, ResolvedOrg, ResolvedScope, Resolution } from '../core/resolve/types';
export { evaluatePolicy, type PolicyFinding, type PolicyResult } from '../core/policy/evaluate';
export { riskOf, type Risk, type RiskLevel } from '../core/risk';
export { UserError, formatDiagnostic, formatDiagnostics, type Diagnostic, type Severity, type SourceLoc } from '../util/diagnostics';
