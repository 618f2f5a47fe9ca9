/** What `main.ts` runs under `cdktf synth`: scopes.yaml → one stack per org, policy enforced. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { App } from 'cdktf';
import type { Resolution, ResolvedOrg } from '../core/resolve/types';
import { UserError, compareDiagnostics, formatDiagnostics, type Diagnostic } from '../util/diagnostics';
import { WorkflowsScopesStack } from './stack';
import { acknowledgedInferredNote } from '../core/wording';

export const DEFAULT_SCOPES_FILE = 'scopes.yaml';

/**
 * What synth touches of the outside world: the working folder, the environment, and sinks for its
 * messages. The CLI's io is one; main.ts builds one from the process. Errors go to stderr. Warnings and
 * notes go to stderr too, except under the cdktf CLI (it sets `CDKTF_OUTDIR`), which labels every line
 * of an app's stderr `[ERROR]`: there they go to stdout, which it prints as they are.
 */
export interface SynthIo {
  stderr(text: string): void;
  stdout?(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** synthProject's outcome as a process exit code: main.ts hands it to the process as it is. */
export const SYNTH_OK = 0;
export const SYNTH_FAILED = 1;

export interface SynthDeps {
  /** `src/core/project.ts`; throws `UserError` on invalid input. */
  loadProject(file: string): { resolution: Resolution; warnings?: Diagnostic[] };
  io: SynthIo;
  /** `new App()` in main.ts: it reads CDKTF_OUTDIR and the context the cdktf CLI passes. */
  app: App;
  /** Policy violations per org; any makes synth fail (exit 1, nothing written). */
  violations?(org: ResolvedOrg): string[];
}

/** `WF_SCOPES_FILE` (unless blank), else `scopes.yaml`, resolved against the working directory. */
export function scopesFile(io: Pick<SynthIo, 'env' | 'cwd'>): string {
  const file = io.env.WF_SCOPES_FILE?.trim() ? io.env.WF_SCOPES_FILE : DEFAULT_SCOPES_FILE;
  return path.resolve(io.cwd, file);
}

/**
 * Builds one stack per org and synthesizes; returns the exit code. Bugs are rethrown.
 *
 * A failed synth leaves no stack behind: `cdktf synth` writes into the same outdir run after run and
 * prunes stale stacks only after a success, so without this a later `terraform plan` or apply step
 * would act on the last good (now wrong) declaration.
 */
export function synthProject(deps: SynthDeps): number {
  try {
    const code = build(deps);
    if (code !== SYNTH_OK) clearStacks(deps.app.outdir);
    return code;
  } catch (e) {
    clearStacks(deps.app.outdir);
    throw e;
  }
}

function build(deps: SynthDeps): number {
  let project: ReturnType<SynthDeps['loadProject']>;
  try {
    project = deps.loadProject(scopesFile(deps.io));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // Nothing is built, so nothing is synthesized: the cdktf CLI sees a failed app.
    printDiagnostics((t) => deps.io.stderr(t), e.diagnostics);
    return SYNTH_FAILED;
  }
  // Warnings do not stop synth; the project's list already includes the resolver's.
  const note = noteSink(deps.io);
  printDiagnostics(note, project.warnings ?? project.resolution.warnings);
  const acked = project.resolution.acknowledgedInferred;
  if (acked !== undefined) note(acknowledgedInferredNote(acked));

  const orgs = project.resolution.orgs.filter((org) => {
    if (!org.allowEmpty) return true;
    note(`note: org ${org.name}: no stack synthesized (allowEmpty: ${org.allowEmpty.reason}); the app's grants are left as they are\n`);
    return false;
  });
  const stacks = orgs.map((org) => new WorkflowsScopesStack(deps.app, org.name, { org, validations: deps.violations?.(org) }));
  // app.synth() would run the same validations, but throw after writing earlier stacks and with
  // a stack trace and a "pass skipValidation" hint; checking first fails cleanly with nothing written.
  const errors = stacks.flatMap((stack) =>
    stack.node.findAll().flatMap((c) => c.node.validate().map((m) => `${c.node.path}: error: ${m}`)),
  );
  if (errors.length > 0) {
    for (const e of errors) deps.io.stderr(`${e}\n`);
    return SYNTH_FAILED;
  }
  deps.app.synth();
  // Stacks of orgs no longer declared (or now allowEmpty) go too, as the cdktf CLI would prune them.
  clearStacks(deps.app.outdir, new Set(stacks.map((s) => s.node.id)));
  removeOtherFormat(deps.app.outdir, stacks.map((s) => s.node.id), deps.app.hclOutput);
  return SYNTH_OK;
}

/** Where warnings and notes go: stdout under the cdktf CLI (see SynthIo), else stderr. */
function noteSink(io: SynthIo): (text: string) => void {
  const stdout = io.stdout;
  return io.env.CDKTF_OUTDIR !== undefined && stdout ? (t) => stdout(t) : (t) => io.stderr(t);
}

/**
 * The stack file of the format not written this time (`cdk.tf` after a JSON synth, `cdk.tf.json` after
 * `--hcl`): Terraform reads both, and fails on their duplicate backend and required_providers.
 */
function removeOtherFormat(outdir: string, stacks: readonly string[], hcl: boolean): void {
  for (const name of stacks) rmSync(path.join(outdir, 'stacks', name, hcl ? 'cdk.tf.json' : 'cdk.tf'), { force: true });
}

/** Removes synthesized stacks (all, or all but `keep`) and, when removing all, the manifest naming them. */
export function clearStacks(outdir: string, keep?: ReadonlySet<string>): void {
  const dir = path.join(outdir, 'stacks');
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !keep?.has(entry.name)) rmSync(path.join(dir, entry.name), { recursive: true, force: true });
    }
  }
  if (!keep) rmSync(path.join(outdir, 'manifest.json'), { force: true });
}

/** Sorted, a hint shared by several said once. */
function printDiagnostics(write: (text: string) => void, diagnostics: Diagnostic[]): void {
  if (diagnostics.length > 0) write(formatDiagnostics([...diagnostics].sort(compareDiagnostics)));
}
