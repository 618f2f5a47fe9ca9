/**
 * `require('wf-scopes/synth')`: the CDKTF side of the library. `synthMain` is all a project's `main.ts`
 * needs (`cdktf synth` then writes one stack per org of scopes.yaml); `WorkflowsOAuthScopes` puts the
 * grants into a stack of your own, `WorkflowsScopesStack` is the whole stack of one org.
 */
import type { App } from 'cdktf';
import { synthDeclaration } from '../synth/declaration';

export { synthDeclaration };
export { synthProject, scopesFile, clearStacks, DEFAULT_SCOPES_FILE, SYNTH_OK, SYNTH_FAILED, type SynthIo, type SynthDeps } from '../synth/synth';
export { WorkflowsOAuthScopes, ImportBlock, type WorkflowsOAuthScopesProps } from '../synth/construct';
export { WorkflowsScopesStack, TERRAFORM_NAME, type WorkflowsScopesStackProps } from '../synth/stack';

/**
 * What wf-scopes' own `main.ts` does, for a project's `main.ts`: reads scopes.yaml (or `$WF_SCOPES_FILE`)
 * from the working folder, synthesizes one stack per org into `app`, and returns the exit code for
 * `process.exitCode` (1, with nothing written, on a declaration error or a policy violation).
 */
export function synthMain(app: App): number {
  // stdout is given so that, under the cdktf CLI, warnings go there: the CLI labels stderr `[ERROR]`.
  return synthDeclaration({ stderr: (t) => process.stderr.write(t), stdout: (t) => process.stdout.write(t), env: process.env, cwd: process.cwd() }, app);
}
