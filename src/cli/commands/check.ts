import { defaultManifestFile, loadProject, policyDiagnostics } from '../../project';
import { compareDiagnostics, UserError } from '../../util/diagnostics';
import { resolutionToJson, resolutionToText, warningsToText } from '../../report/resolution';
import { EXIT_OK, type CliIo } from '../io';
import { isAbsolute, resolve as resolvePath } from 'node:path';

export interface CheckOptions {
  config?: string;
  format: 'text' | 'json';
}

/** `wf-scopes check`: validate and explain the declaration. Exit 0 valid, 1 on any input error. */
export async function runCheck(opts: CheckOptions, io: CliIo): Promise<number> {
  const file = opts.config ?? defaultManifestFile(io.env);
  const project = loadProject(inCwd(io, file), { today: undefined });
  const policy = policyDiagnostics(project.policy);
  // A policy violation is an input error: check fails, like synth does, before printing a scope list.
  if (policy.some((d) => d.severity === 'error')) throw new UserError([...policy, ...project.warnings].sort(compareDiagnostics));
  const warnings = [...project.warnings, ...policy].sort(compareDiagnostics);
  if (opts.format === 'json') {
    io.stdout(resolutionToJson(project.resolution, warnings));
  } else {
    io.stdout(resolutionToText(project.resolution));
    io.stderr(warningsToText(warnings));
  }
  return EXIT_OK;
}

/** Paths in messages stay as the user typed them; reads resolve against io.cwd when it differs. */
export function inCwd(io: CliIo, file: string): string {
  return isAbsolute(file) || io.cwd === process.cwd() ? file : resolvePath(io.cwd, file);
}
