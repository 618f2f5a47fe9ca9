/** `wf-scopes init`: a ready project (package.json, cdktf app, scopes.yaml, workflow, test) in a folder. */
export { planInit, writeInit, type InitOptions, type InitPlan, type PlannedFile } from './scaffold';
export { checkOrgFlags, withSchemaLine, type InitOrg, type Declaration } from './declaration';
export { SCHEMA_LINE } from './files';
export { mergePackageJson, packageName, wantedDependencies, SCRIPTS, type PackageMerge } from './package-json';
export { deriveWorkflow, workflowTemplate, WORKFLOW_FILE, type WorkflowOrg } from './workflow';
