// The CDKTF app (`cdktf synth`, `cdktf plan`): reads scopes.yaml (or $WF_SCOPES_FILE) and synthesizes
// one stack per org that grants exactly the resolved scopes to the Okta Workflows OAuth app.
// A declaration error or a policy violation fails synth with nothing written.
// `wf-scopes synth` runs the same synthDeclaration in-process, without the cdktf CLI.
import { App } from 'cdktf';
import { synthDeclaration } from './src/synth/declaration';

const io = { stderr: (t: string) => process.stderr.write(t), stdout: (t: string) => process.stdout.write(t), env: process.env, cwd: process.cwd() };
process.exitCode = synthDeclaration(io, new App());
