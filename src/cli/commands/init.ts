import { statSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../core/catalog';
import { checkOrgFlags, planInit, writeInit, type InitPlan } from '../../app/init';
import { orgNameFromDomain } from '../../app/scan';
import { safeTextOutput } from '../../util/escape';
import { displayPath } from '../../util/paths';
import { ownPackage } from '../../util/package-json';
import { EXIT_OK, type CliIo } from '../io';
import { flagError } from '../fail';

export interface InitCliOptions {
  orgDomain?: string;
  orgName?: string;
  from?: string;
  dir?: string;
  force?: boolean;
}

function isDir(p: string): boolean | undefined {
  try {
    return statSync(p).isDirectory();
  } catch {
    return undefined;
  }
}

/** --dir: an existing folder, or a new one whose parent exists. */
function projectDir(opts: InitCliOptions, io: CliIo): { dir: string; shownDir: string } {
  const shownDir = opts.dir ?? '.';
  const dir = path.resolve(io.cwd, shownDir);
  const kind = isDir(dir);
  if (kind === false) throw flagError('--dir', `${shownDir} is a file, not a folder`, 'name the project folder (it is created when it does not exist)');
  if (kind === undefined && isDir(path.dirname(dir)) !== true) {
    throw flagError('--dir', `${path.dirname(shownDir)} does not exist`, 'create the parent folder first: init creates only the project folder itself');
  }
  return { dir, shownDir };
}

/**
 * `wf-scopes init`: writes a ready project (package.json merged, the cdktf app, scopes.yaml from
 * --from exports or a starter, the workflow, a test, .gitignore and a README). Exit 0 written; 1 a bad
 * flag, an unreadable export, or a file in the way (then nothing is written).
 */
export async function runInit(opts: InitCliOptions, io: CliIo): Promise<number> {
  if (opts.orgDomain === undefined || opts.orgDomain.trim() === '') {
    throw flagError('--org-domain', 'init needs the org: --org-domain is missing', "pass --org-domain <org>.okta.com (and --org-name NAME, default: the domain's first label)");
  }
  const domain = opts.orgDomain.trim().toLowerCase();
  const org = { name: opts.orgName ?? orgNameFromDomain(domain), domain };
  const catalog = loadCatalog();
  checkOrgFlags(org, catalog);
  const { dir, shownDir } = projectDir(opts, io);
  let from: { abs: string; shown: string } | undefined;
  if (opts.from !== undefined) {
    const abs = path.resolve(io.cwd, opts.from);
    if (isDir(abs) === undefined) throw flagError('--from', `${opts.from} does not exist`, 'name the folder (or file) holding the flow exports');
    from = { abs, shown: opts.from };
  }
  const force = opts.force === true;
  const plan = await planInit({ dir, shownDir, org, from, force, cwd: io.cwd, catalog, own: ownPackage() });
  for (const s of plan.declaration.scanned?.skipped ?? []) io.stderr(`note: skipped ${s.file}: ${s.reason}\n`);
  await writeInit(plan, { dir, shownDir, force });
  io.stdout(summary(plan, (rel) => displayPath(path.join(dir, rel), io.cwd), from?.shown, shownDir));
  return EXIT_OK;
}

function summary(plan: InitPlan, show: (rel: string) => string, from: string | undefined, shownDir: string): string {
  const out: string[] = [];
  const decl = plan.declaration;
  const pkg = plan.packageJson;
  for (const f of plan.files) {
    if (f.path === 'package.json') {
      if (pkg.created) out.push(`created ${show(f.path)}`);
      else out.push(`updated ${show(f.path)}: ${pkg.written.length > 0 ? `set ${pkg.written.join(', ')}` : 'nothing to add'}`);
      for (const k of pkg.kept) out.push(`  kept ${k.key} "${k.theirs}" (init writes "${k.ours}"; --force replaces it)`);
    } else if (f.path === 'scopes.yaml') {
      const s = decl.scanned;
      const what = s ? `${s.flows} flow${s.flows === 1 ? '' : 's'} from ${s.exports} export${s.exports === 1 ? '' : 's'} in ${from ?? '?'}${s.hints > 0 ? `, ${s.hints} comments for cards to add by hand` : ''}` : 'a starter: no flow yet';
      out.push(`${f.exists ? 'replaced' : 'created'} ${show(f.path)}: ${what}`);
    } else out.push(`${f.exists ? 'replaced' : 'created'} ${show(f.path)}`);
  }
  if (decl.rejected !== undefined) out.push(`wf-scopes check does not accept scopes.yaml yet: ${decl.rejected}`);
  const cd = shownDir === '.' ? '' : `cd ${shownDir} && `;
  out.push(`Next: ${cd}npm install, then npx wf-scopes check, npx cdktf synth and npm test.`);
  return safeTextOutput(`${out.join('\n')}\n`);
}
