/** What `main.ts` runs under `cdktf synth`: scopes.yaml → one stack per org, policy enforced. */
import * as path from 'node:path';
import type { App } from 'cdktf';
import type { Resolution, ResolvedOrg } from '../resolve/types';
import type { CliIo } from '../cli/io';
import { EXIT_ERROR, EXIT_OK } from '../cli/io';
import { UserError, compareDiagnostics, formatDiagnostic, type Diagnostic } from '../util/diagnostics';
import { WorkflowsScopesStack } from './stack';

export const DEFAULT_SCOPES_FILE = 'scopes.yaml';

export interface SynthDeps {
  /** `src/project.ts`; throws `UserError` on invalid input. */
  loadProject(file: string): { resolution: Resolution; warnings?: Diagnostic[] };
  io: CliIo;
  /** `new App()` in main.ts: it reads CDKTF_OUTDIR and the context the cdktf CLI passes. */
  app: App;
  /** Policy violations per org; any makes synth fail (exit 1, nothing written). */
  violations?(org: ResolvedOrg): string[];
}

/** `WF_SCOPES_FILE` (unless blank), else `scopes.yaml`, resolved against the working directory. */
export function scopesFile(io: Pick<CliIo, 'env' | 'cwd'>): string {
  const file = io.env.WF_SCOPES_FILE?.trim() ? io.env.WF_SCOPES_FILE : DEFAULT_SCOPES_FILE;
  return path.resolve(io.cwd, file);
}

/** Builds one stack per org and synthesizes; returns the exit code. Bugs are rethrown. */
export function synthProject(deps: SynthDeps): number {
  let project: ReturnType<SynthDeps['loadProject']>;
  try {
    project = deps.loadProject(scopesFile(deps.io));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // Nothing is built, so nothing is synthesized: the cdktf CLI sees a failed app.
    printDiagnostics(deps.io, e.diagnostics);
    return EXIT_ERROR;
  }
  // Warnings do not stop synth; the project's list already includes the resolver's.
  printDiagnostics(deps.io, project.warnings ?? project.resolution.warnings);

  const stacks = project.resolution.orgs.map(
    (org) => new WorkflowsScopesStack(deps.app, org.name, { org, validations: deps.violations?.(org) }),
  );
  // app.synth() would run the same validations, but throw after writing earlier stacks and with
  // a stack trace and a "pass skipValidation" hint; checking first fails cleanly with nothing written.
  const errors = stacks.flatMap((stack) =>
    stack.node.findAll().flatMap((c) => c.node.validate().map((m) => `${c.node.path}: error: ${m}`)),
  );
  if (errors.length > 0) {
    for (const e of errors) deps.io.stderr(`${e}\n`);
    return EXIT_ERROR;
  }
  deps.app.synth();
  return EXIT_OK;
}

function printDiagnostics(io: CliIo, diagnostics: Diagnostic[]): void {
  for (const d of [...diagnostics].sort(compareDiagnostics)) io.stderr(`${formatDiagnostic(d)}\n`);
}
