import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { clearStacks } from '../../synth/synth';
import { UserError } from '../../util/diagnostics';
import { EXIT_OK, type CliIo } from '../io';

export interface SynthOptions {
  config?: string;
  output?: string;
  hcl: boolean;
}

/** What `cdktf synth` takes from cdktf.json: the output folder and the app context. */
interface CdktfJson {
  output?: string;
  context?: Record<string, unknown>;
}

/** The stack files of one format; the other format's file is removed so Terraform never reads both. */
const STACK_FILE = { json: 'cdk.tf.json', hcl: 'cdk.tf' } as const;

/**
 * `wf-scopes synth`: what `cdktf synth` writes (stacks/<org>/cdk.tf.json or cdk.tf, manifest.json),
 * from the same app code, but in this process: no cdktf CLI, no second Node process, no telemetry.
 * It synthesizes into a scratch folder beside the output and publishes only on success. A failed run
 * removes the stacks of earlier runs (as the cdktf app does under `cdktf synth`): a later plan or apply
 * must not act on an old declaration.
 */
export async function runSynth(opts: SynthOptions, io: CliIo): Promise<number> {
  const settings = readCdktfJson(io.cwd);
  const outdir = resolve(io.cwd, opts.output ?? settings.output ?? 'cdktf.out');
  mkdirSync(dirname(outdir), { recursive: true });
  const scratch = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}.wf-scopes-`));
  // TerraformStack reads SYNTH_HCL_OUTPUT from the environment itself, as under the cdktf CLI.
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(opts.hcl);
  let published = false;
  try {
    const { App } = await import('cdktf');
    const { synthDeclaration } = await import('../../synth/declaration');
    // The context the cdktf CLI passes (cdktf.json's, plus the relative module list, empty here).
    const app = new App({ outdir: scratch, hclOutput: opts.hcl });
    const context: Record<string, unknown> = { ...(settings.context ?? {}), cdktfRelativeModules: [] };
    // CDKTF_CONTEXT_JSON, read by App, wins as it does when the CLI merges it in.
    for (const [key, value] of Object.entries(context)) if (app.node.tryGetContext(key) === undefined) app.node.setContext(key, value);
    const env = opts.config ? { ...io.env, WF_SCOPES_FILE: opts.config } : io.env;
    const code = synthDeclaration({ ...io, env }, app);
    if (code !== EXIT_OK) return code;
    const stacks = readStackNames(scratch);
    if (opts.hcl) await formatHcl(scratch, stacks);
    publish(scratch, outdir, stacks, opts.hcl ? 'hcl' : 'json');
    published = true;
    io.stdout(`Generated Terraform code for the stacks: ${stacks.join(', ')} in ${relativeOut(io.cwd, outdir)}\n`);
    return EXIT_OK;
  } finally {
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
    rmSync(scratch, { recursive: true, force: true });
    if (!published && existsSync(outdir)) clearStacks(outdir);
  }
}

function relativeOut(cwd: string, outdir: string): string {
  return outdir.startsWith(`${cwd}/`) ? outdir.slice(cwd.length + 1) : outdir;
}

function readCdktfJson(cwd: string): CdktfJson {
  const file = join(cwd, 'cdktf.json');
  if (!existsSync(file)) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError({ severity: 'error', code: 'bad-cdktf-json', message: `${file}: not JSON (${(e as Error).message})`, hint: 'fix cdktf.json, or pass --output' });
  }
  if (typeof doc !== 'object' || doc === null) return {};
  const { output, context } = doc as Record<string, unknown>;
  return {
    ...(typeof output === 'string' && output.trim() !== '' ? { output } : {}),
    ...(typeof context === 'object' && context !== null ? { context: context as Record<string, unknown> } : {}),
  };
}

/** Stack names in manifest order (the app's construct order). */
function readStackNames(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  return Object.keys(manifest.stacks);
}

/**
 * `terraform fmt` style: the formatter the cdktf CLI itself applies after `synth --hcl`, plus the two
 * rewrites `terraform fmt` would still make to its output (interpolation-only strings, final newline).
 */
async function formatHcl(dir: string, stacks: string[]): Promise<void> {
  // Loaded only for --hcl: a WASM build of HashiCorp's HCL formatter, installed with cdktf-cli.
  let format: (text: string) => Promise<string>;
  try {
    ({ format } = (await import('@cdktf/hcl-tools')) as { format(text: string): Promise<string> });
  } catch {
    throw new UserError({ severity: 'error', code: 'hcl-formatter-missing', flag: '--hcl', message: '@cdktf/hcl-tools is not installed', hint: 'install the dev dependencies (npm ci), or synthesize JSON without --hcl' });
  }
  const { unwrapInterpolationOnly, withFinalNewline } = await import('../../synth/hcl');
  for (const name of stacks) {
    const file = join(dir, 'stacks', name, STACK_FILE.hcl);
    writeFileSync(file, withFinalNewline(unwrapInterpolationOnly(await format(readFileSync(file, 'utf8')))));
  }
}

/**
 * Moves the synthesized files into the output folder the way `cdktf synth` leaves it: each stack's
 * files replaced in place (a `.terraform` folder from `terraform init` stays), folders of stacks no
 * longer declared removed, manifest.json last.
 */
function publish(scratch: string, outdir: string, stacks: string[], format: 'json' | 'hcl'): void {
  const stacksDir = join(outdir, 'stacks');
  mkdirSync(stacksDir, { recursive: true });
  for (const name of stacks) {
    const target = join(stacksDir, name);
    mkdirSync(target, { recursive: true });
    rmSync(join(target, STACK_FILE[format === 'json' ? 'hcl' : 'json']), { force: true });
    cpSync(join(scratch, 'stacks', name), target, { recursive: true, force: true });
  }
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !stacks.includes(entry.name)) rmSync(join(stacksDir, entry.name), { recursive: true, force: true });
  }
  renameSync(join(scratch, 'manifest.json'), join(outdir, 'manifest.json'));
}
