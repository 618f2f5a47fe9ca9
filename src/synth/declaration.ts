/** The one call path from scopes.yaml to synthesized stacks, shared by main.ts (`cdktf synth`) and `wf-scopes synth`. */
import type { App } from 'cdktf';
import { loadProject, type Project } from '../core/project';
import { formatLoc } from '../util/diagnostics';
import { synthProject, type SynthIo } from './synth';

/** Loads the declaration (`WF_SCOPES_FILE` or scopes.yaml in io.cwd), enforces its policy, synthesizes into `app`. */
export function synthDeclaration(io: SynthIo, app: App): number {
  let project: Project | undefined;
  return synthProject({
    loadProject: (file) => (project = loadProject(file)),
    io,
    app,
    violations: (org) =>
      (project?.policy.violations ?? [])
        .filter((v) => v.org === org.name || v.org === '*')
        .map((v) => `${formatLoc(v.loc)}: policy ${v.rule}: ${v.message}`),
  });
}
