import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readBoundedSync } from '../../util/bounded-read';
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/types';
import { loadProjectText, type Project } from '../../core/project';
import { readPlanGrants, type TerraformScopeResource } from '../../sources/terraform';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import type { PlanOrgBase, ReviewBase } from './review';

/** Reading the base: from git, a file, or Terraform plans. Every failure is a UserError naming its flag. */

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function userError(flag: string, message: string, hint?: string): UserError {
  const d: Diagnostic = { severity: 'error', code: 'review-base', flag, message, ...(hint ? { hint } : {}) };
  return new UserError(d);
}

/**
 * Which flag a git revision came from, for its errors: `--base` (review) or `--since` (report), and
 * what else that flag (or the command) accepts instead of a revision.
 */
export interface RevisionFlag {
  flag: string;
  /** The hint when git cannot help: `compare with a file instead: --base-file FILE`. */
  otherwise: string;
  /** An example of the flag with a revision: `--base origin/main`. */
  example: string;
}

const BASE_FLAG: RevisionFlag = { flag: '--base', otherwise: 'compare with a file (--base-file FILE) or a Terraform plan (--plan FILE)', example: '--base origin/main' };

/** Runs git without a shell; a non-zero exit is a result, a missing git binary an error. */
function git(args: string[], cwd: string, env: NodeJS.ProcessEnv, by: RevisionFlag = BASE_FLAG): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // LC_ALL=C: messages we pass on are then the ones git documents; no pager, no prompts.
    const childEnv = { ...env, LC_ALL: 'C', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' };
    execFile('git', args, { cwd, env: childEnv, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(userError(by.flag, 'git is not installed (or not on PATH)', by.otherwise));
        return;
      }
      resolve({ ok: !err, stdout, stderr });
    });
  });
}

/** The repository root holding `dir`, or undefined outside a repository (or without git). */
export async function gitRoot(dir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const r = await git(['rev-parse', '--show-toplevel'], dir, env);
    return r.ok ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/**
 * The declaration as it was at `ref`: `git show REF:<path relative to the repository root>`, run in
 * the declaration's folder. A file absent at the ref gives `text: undefined` (everything is added).
 * `commit` is the revision the ref named when it was read, so that a report can pin it. Every error
 * names `by.flag` (`--base` for review, `--since` for report).
 */
export async function readGitBase(ref: string, configFile: string, env: NodeJS.ProcessEnv, by: RevisionFlag = BASE_FLAG): Promise<{ label: string; commit: string; text?: string }> {
  const fail = (message: string, hint?: string): UserError => userError(by.flag, message, hint);
  // A ref starting with `-` would be read as an option by git.
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) throw fail(`${JSON.stringify(ref)} is not a git revision`, by.otherwise);
  const dir = path.dirname(path.resolve(configFile));
  const root = await gitRoot(dir, env);
  if (root === undefined) {
    throw fail(`${dir} is not inside a git repository, so there is no ${ref} to compare with`, by.otherwise);
  }
  const verify = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], dir, env, by);
  if (!verify.ok) {
    throw fail(`unknown git revision ${JSON.stringify(ref)}`, `name a branch, tag or commit, e.g. ${by.example}; in CI, fetch it first (actions/checkout with fetch-depth: 0); or ${by.otherwise}`);
  }
  const commit = verify.stdout.trim();
  // realpath on both sides: the folder may be reached through a symlink (macOS /tmp, say).
  const rel = path.relative(realpathSync(root), realpathSync(path.resolve(configFile))).split(path.sep).join('/');
  if (rel.startsWith('../') || path.isAbsolute(rel)) throw fail(`${configFile} is outside the git repository at ${root}`);
  const label = `${ref}:${rel}`;
  const type = await git(['cat-file', '-t', `${commit}:${rel}`], dir, env, by);
  if (!type.ok) return { label, commit };
  if (type.stdout.trim() !== 'blob') throw fail(`${label} is a ${type.stdout.trim()}, not a file`);
  const shown = await git(['show', `${commit}:${rel}`], dir, env, by);
  if (!shown.ok) throw fail(`git show ${label} failed: ${firstLine(shown.stderr)}`);
  return { label, commit, text: shown.stdout };
}

export function readBaseFile(file: string, shownAs: string): string {
  // Regular files only, bounded (src/util/bounded-read.ts): a FIFO must not hang the review.
  const read = readBoundedSync(file, { cap: 'maxYaml' });
  if (!read.ok) throw userError('--base-file', `cannot read ${shownAs}: ${read.reason}`);
  return read.text;
}

/**
 * The base declaration, resolved with the same catalog and date as the new one. Its own errors are
 * reported as they are, after one line saying that it is the base that is invalid.
 */
export function parseBase(text: string, label: string, flag: string, catalog: Catalog, today: string): Project {
  try {
    // Leniently: a base that an apply would have hurt (an undeclared org name) is what a fix is reviewed against.
    return loadProjectText(text, label, { catalog, today, lenient: true });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const head: Diagnostic = {
      severity: 'error',
      code: 'review-base-invalid',
      flag,
      message: `the base ${label} is not a valid scopes.yaml, so there is nothing to compare with`,
      hint: 'compare with another base, or fix it there first',
    };
    throw new UserError([head, ...err.diagnostics]);
  }
}

/**
 * Plans (`terraform show -json` of saved plans, one per stack or several) → per org, the grants before
 * and after the apply. An org matches a resource by its app id, else by issuer, else the only resource
 * when there is a single org; an org with no match is reported as not compared.
 */
export function planBase(files: { file: string; text: string }[], project: Project): ReviewBase {
  const resources: TerraformScopeResource[] = files.flatMap(({ file, text }) => readPlanGrants(text, file).resources);
  // OIDC defaults are never declared; a connection's okta.* default (okta.realms.read) is, where a card needs it.
  const auto = (s: string) => project.catalog.defaults.isOidcDefault(s);
  const orgs = new Map<string, PlanOrgBase>();
  const notes: string[] = [];
  const single = project.resolution.orgs.length === 1 && resources.length === 1;
  for (const org of project.resolution.orgs) {
    // A resource bound to another app id is another app's grants, whatever its issuer says.
    const candidates = org.app.id !== undefined ? resources.filter((r) => r.appId === undefined || r.appId === org.app.id) : resources;
    let hits = org.app.id !== undefined ? candidates.filter((r) => r.appId === org.app.id) : [];
    if (hits.length === 0) hits = candidates.filter((r) => r.issuer !== undefined && r.issuer.replace(/\/+$/, '') === org.issuer);
    if (hits.length === 0 && single) hits = candidates;
    if (hits.length > 1) {
      throw userError('--plan', `${hits.length} resources of the plan grant to org ${org.name}: ${hits.map((h) => h.address).join(', ')}`, 'pass one plan per stack, or set the org\'s app id in scopes.yaml');
    }
    const r = hits[0];
    if (!r) {
      notes.push(`Org ${org.name} is in none of the plans, so it is not compared.`);
      continue;
    }
    orgs.set(org.name, {
      address: r.address,
      before: r.grants.granted.map((g) => g.scope).filter((s) => !auto(s)),
      after: (r.grants.plan?.after ?? r.grants.granted.map((g) => g.scope)).filter((s) => !auto(s)),
    });
  }
  const label = files.map((f) => f.file).join(', ');
  return { kind: 'plan', label, orgs, notes };
}
