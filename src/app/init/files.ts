/**
 * The files `wf-scopes init` writes besides package.json, scopes.yaml and the workflow: small, fixed
 * texts. The project they make runs wf-scopes from node_modules (`wf-scopes`, `wf-scopes/synth`).
 */

/** The `$schema` line editors with the YAML language server read, for a project that installed wf-scopes. */
export const SCHEMA_LINE = '# yaml-language-server: $schema=./node_modules/wf-scopes/schema/scopes.schema.json';

/** The cdktf app: compiled by `tsc` (the project's tsconfig.json) into dist/, then run. */
export const CDKTF_JSON = `${JSON.stringify(
  {
    language: 'typescript',
    app: 'npx tsc && node dist/main.js',
    output: 'cdktf.out',
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  },
  null,
  2,
)}\n`;

export const MAIN_TS = `// The CDKTF app \`npx cdktf synth\` runs: reads scopes.yaml (or $WF_SCOPES_FILE) and writes one stack per
// org into cdktf.out/stacks/, granting exactly the scopes its flows need. A declaration error or a
// policy violation fails the synth with nothing written. To add the grants to a stack of your own,
// use WorkflowsOAuthScopes from 'wf-scopes/synth' instead.
import { App } from 'cdktf';
import { synthMain } from 'wf-scopes/synth';

process.exitCode = synthMain(new App());
`;

export const TSCONFIG_JSON = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['ES2022'],
      types: ['node', 'jest'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      outDir: 'dist',
      rootDir: '.',
    },
    include: ['main.ts'],
  },
  null,
  2,
)}\n`;

export const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdktf.out/'],
};
`;

export const TEST_TS = `// \`npm test\`: scopes.yaml passes \`wf-scopes check\` and every org synthesizes the grants it resolves to.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { defaultManifestFile, loadProject, policyDiagnostics } from 'wf-scopes';
import { synthMain } from 'wf-scopes/synth';

interface Stack {
  resource: { okta_app_oauth_api_scope: Record<string, { scopes: string[] }> };
}

// Throws on any declaration error, each at its file:line:column.
const project = loadProject(defaultManifestFile());

test('scopes.yaml violates none of its policy', () => {
  const errors = policyDiagnostics(project.policy).filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
});

test('each org synthesizes a stack that grants exactly its resolved scopes', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'wf-scopes-test-'));
  try {
    expect(synthMain(new App({ outdir }))).toBe(0);
    for (const org of project.resolution.orgs.filter((o) => !o.allowEmpty)) {
      const stack = JSON.parse(readFileSync(join(outdir, 'stacks', org.name, 'cdk.tf.json'), 'utf8')) as Stack;
      const [grants] = Object.values(stack.resource.okta_app_oauth_api_scope);
      expect(grants.scopes).toEqual(org.scopes.map((s) => s.scope).sort());
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
`;

export const GITIGNORE = `node_modules/
dist/
cdktf.out/
.terraform/
terraform.*.tfstate*
*.tfplan
plan.json
`;

/** The starter declaration without `--from`: the org, no flow yet, and so no stack until one is added. */
export function starterScopes(org: { name: string; domain: string }): string {
  return `${SCHEMA_LINE}
# The Okta API scopes the Okta Workflows OAuth app of each org is granted, from the flows that run there
# and the Okta cards they use. \`npx wf-scopes check\` explains every scope.
# Add your flows from their exports: \`npx wf-scopes scan flows/ --write scopes.yaml\`, or by hand:
#   flows:
#     - name: Offboard contractor
#       cards: [Okta/Deactivate User]
version: 1
orgs:
  - name: ${org.name}
    domain: ${org.domain}
    # app: { id: 0oa… }   # the Okta Workflows OAuth app's id (Admin Console); default: found by its label
    # No flow is declared yet, so no stack is synthesized and the app's grants are left as they are.
    # Remove this line once flows are declared: the grants are then authoritative (an apply revokes
    # every grant not listed), so run \`npx wf-scopes diff\` before the first apply.
    allowEmpty: { reason: no flow declared yet }
`;
}

/** The project's README: what is where, and the commands. */
export function readme(name: string, flowsDir: string | undefined): string {
  const flows = flowsDir ?? 'flows';
  return `# ${name}

The Okta API scopes granted to the Okta Workflows OAuth app, declared in \`scopes.yaml\` and applied with
Terraform. wf-scopes (its manual: \`node_modules/wf-scopes/README.md\`) works out the scopes from the
flows and their Okta cards, and writes the Terraform that grants exactly those.

\`\`\`sh
npm install
npx wf-scopes check      # every scope, and the flows and cards that need it
npx cdktf synth          # cdktf.out/stacks/<org>/cdk.tf.json (or: npx wf-scopes synth)
npm test                 # the declaration checks and synthesizes
\`\`\`

- New or changed flows: export them from the Workflows console into \`${flows}/\`, then
  \`npx wf-scopes scan ${flows}/ --write scopes.yaml\`.
- Before the first apply, compare with the live org: \`npx wf-scopes diff\` (with \`OKTA_API_TOKEN\`).
  The grants are authoritative: an apply revokes every grant \`scopes.yaml\` does not list.
- \`.github/workflows/wf-scopes.yml\` checks each pull request and diffs each org on a schedule; adapt its
  places marked ADAPT and create the GitHub environments it names.
- Commit everything \`.gitignore\` leaves, \`package-lock.json\` included: the workflow runs \`npm ci\`.
- A newer wf-scopes (\`npm install wf-scopes@latest\`) brings the newest card catalog.
`;
}
