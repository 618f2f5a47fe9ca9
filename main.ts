// The CDKTF app (`cdktf synth`, `cdktf plan`): reads scopes.yaml (or $WF_SCOPES_FILE) and synthesizes
// one stack per org that grants exactly the resolved scopes to the Okta Workflows OAuth app.
// A declaration error or a policy violation fails synth with nothing written.
import { App } from 'cdktf';
import { processIo } from './src/cli/io';
import { loadProject, type Project } from './src/project';
import { synthProject } from './src/stack/synth';
import { formatLoc } from './src/util/diagnostics';

let project: Project | undefined;
process.exitCode = synthProject({
  loadProject: (file) => (project = loadProject(file)),
  io: processIo(),
  app: new App(),
  violations: (org) =>
    (project?.policy.violations ?? [])
      .filter((v) => v.org === org.name || v.org === '*')
      .map((v) => `${formatLoc(v.loc)}: policy ${v.rule}: ${v.message}`),
});
