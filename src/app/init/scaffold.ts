/**
 * `wf-scopes init`: every file of a ready project, computed first and written only when all of them
 * can be. A file that exists is never replaced (each is named, and nothing is written) unless `force`;
 * package.json is merged instead (see package-json.ts). A write that fails midway undoes the others.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/types';
import { readBounded } from '../../util/bounded-read';
import { UserError } from '../../util/diagnostics';
import type { OwnPackage } from '../../util/package-json';
import { commitWrite, openTarget, SafeWriteError, type WriteTarget } from '../../util/safe-write';
import { declaration, type Declaration, type InitOrg } from './declaration';
import { CDKTF_JSON, GITIGNORE, JEST_CONFIG, MAIN_TS, TEST_TS, TSCONFIG_JSON, readme } from './files';
import { mergePackageJson, packageName, type PackageMerge } from './package-json';
import { deriveWorkflow, WORKFLOW_FILE, workflowTemplate } from './workflow';

export interface InitOptions {
  /** The project folder, absolute; `shownDir` as the user named it. */
  dir: string;
  shownDir: string;
  org: InitOrg;
  /** The exports to scan into scopes.yaml: absolute, and as the user named them. */
  from?: { abs: string; shown: string };
  force: boolean;
  cwd: string;
  catalog: Catalog;
  own: OwnPackage;
}

export interface PlannedFile {
  /** Relative to the project folder, with `/`. */
  path: string;
  text: string;
  /** Whether the file exists now (replaced under force, or package.json merged). */
  exists: boolean;
}

export interface InitPlan {
  files: PlannedFile[];
  declaration: Declaration;
  packageJson: PackageMerge & { created: boolean };
}

/** The project's exports folder for the workflow: `--from` when it lies inside the project, else `flows`. */
function flowsDir(opts: InitOptions): string | undefined {
  if (!opts.from) return undefined;
  const rel = path.relative(opts.dir, opts.from.abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

async function readPackageJson(file: string, shown: string): Promise<string | undefined> {
  const read = await readBounded(file, { cap: 'maxYaml' });
  if (read.ok) return read.text;
  if (read.code === 'not-found') return undefined;
  throw new UserError({ severity: 'error', code: 'bad-package-json', flag: '--dir', message: `cannot read ${shown}: ${read.reason}; nothing written` });
}

/** Everything init would write, or a UserError naming every file in the way (unless force). */
export async function planInit(opts: InitOptions): Promise<InitPlan> {
  const decl = await declaration(opts.org, opts.catalog, opts.cwd, opts.from);
  const shown = (rel: string): string => path.join(opts.shownDir, rel);
  const pkgText = await readPackageJson(path.join(opts.dir, 'package.json'), shown('package.json'));
  const pkg = mergePackageJson(pkgText, { name: packageName(path.basename(opts.dir)), own: opts.own, force: opts.force, file: shown('package.json') });
  const dir = flowsDir(opts);
  const files: Omit<PlannedFile, 'exists'>[] = [
    { path: 'scopes.yaml', text: decl.text },
    { path: 'main.ts', text: MAIN_TS },
    { path: 'cdktf.json', text: CDKTF_JSON },
    { path: 'tsconfig.json', text: TSCONFIG_JSON },
    { path: 'jest.config.js', text: JEST_CONFIG },
    { path: 'scopes.test.ts', text: TEST_TS },
    { path: WORKFLOW_FILE, text: deriveWorkflow(workflowTemplate(), [{ name: opts.org.name }], dir ?? 'flows') },
    { path: '.gitignore', text: GITIGNORE },
    { path: 'README.md', text: readme(packageName(path.basename(opts.dir)), dir) },
  ];
  const planned = await Promise.all(files.map(async (f) => ({ ...f, exists: await exists(path.join(opts.dir, f.path)) })));
  const inTheWay = planned.filter((f) => f.exists);
  if (inTheWay.length > 0 && !opts.force) {
    throw new UserError({
      severity: 'error',
      code: 'init-exists',
      flag: '--dir',
      message: `${inTheWay.map((f) => shown(f.path)).join(', ')} already exist${inTheWay.length === 1 ? 's' : ''}: init never replaces a file; nothing written`,
      hint: 'run init in an empty folder (--dir NEW), move those files away, or pass --force to replace them',
    });
  }
  const pkgFile = { path: 'package.json', text: pkg.text, exists: pkgText !== undefined };
  return { files: [pkgFile, ...planned], declaration: decl, packageJson: { ...pkg, created: pkgText === undefined } };
}

/** The folders above `file` (up to `dir`) that do not exist yet, outermost first. */
async function missingDirs(dir: string, file: string): Promise<string[]> {
  const out: string[] = [];
  for (let d = path.dirname(file); d.length >= dir.length; d = path.dirname(d)) {
    if (await exists(d)) break;
    out.unshift(d);
    if (d === dir) break;
  }
  return out;
}

/** Writes the plan: all files, or (after a failure) none of those it created and the old text of those it replaced. */
export async function writeInit(plan: InitPlan, opts: Pick<InitOptions, 'dir' | 'shownDir' | 'force'>): Promise<void> {
  const madeDirs: string[] = [];
  const done: { target: WriteTarget; old?: string }[] = [];
  try {
    for (const f of plan.files) {
      const file = path.join(opts.dir, f.path);
      for (const d of await missingDirs(opts.dir, file)) {
        await fs.mkdir(d);
        madeDirs.push(d);
      }
      const target = await openTarget(file);
      await commitWrite(target, f.text, { force: opts.force });
      done.push({ target, ...(target.existing ? { old: target.existing.text } : {}) });
    }
  } catch (e) {
    await undo(done, madeDirs);
    const shown = e instanceof SafeWriteError ? e.message.replace(opts.dir, opts.shownDir) : e instanceof Error ? e.message : String(e);
    throw new UserError({
      severity: 'error',
      code: 'nothing-written',
      flag: '--dir',
      message: `${shown}; nothing written (the files written before it were removed)`,
      ...(e instanceof SafeWriteError && e.hint ? { hint: e.hint } : {}),
    });
  }
}

async function undo(done: { target: WriteTarget; old?: string }[], madeDirs: string[]): Promise<void> {
  for (const { target, old } of done.reverse()) {
    if (old === undefined) await fs.rm(target.real, { force: true });
    else await fs.writeFile(target.real, old, 'utf8');
  }
  for (const d of madeDirs.reverse()) await fs.rmdir(d).catch(() => undefined);
}
