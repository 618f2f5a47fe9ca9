// The CDKTF app (`cdktf synth`, `cdktf plan`): reads scopes.yaml (or $WF_SCOPES_FILE) and synthesizes
// one stack per org that grants exactly the resolved scopes to the Okta Workflows OAuth app.
// A declaration error or a policy violation fails synth with nothing written.
// `wf-scopes synth` runs the same synthDeclaration in-process, without the cdktf CLI.
import { App } from 'cdktf';
import { synthMain } from './src/api/synth';

// The same entry a project made by `wf-scopes init` calls: one place decides where warnings go.
process.exitCode = synthMain(new App());
