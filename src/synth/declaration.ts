/** The one call path from scopes.yaml to synthesized stacks, shared by main.ts (`cdktf synth`) and `wf-scopes synth`. */
import type { App } from 'cdktf';
import { loadProject, type Project } from '../core/project';
import { formatLoc } from '../util/diagnostics';
import { displayPath } from '../util/paths';
import { synthProject, type SynthIo } from './synth';

/** Loads the declaration (`WF_SCOPES_FILE` or scopes.yaml in io.cwd), enforces its policy, synthesizes into `app`. */
export function synthDeclaration(io: SynthIo, app: App): number {
  let project: Project | undefined;
  return synthProject({
    // Messages name the file relative to the working folder, as `check` does.
    loadProject: (file) => (project = loadProject(displayPath(file, io.cwd), { cwd: io.cwd })),
    io,
    app,
    violations: (org) =>
      (project?.policy.violations ?? [])
        .filter((v) => v.org === org.name || v.org === '*')
        .map((v) => `${formatLoc(v.loc)}: policy ${v.rule}: ${v.message}`),
  });
}
