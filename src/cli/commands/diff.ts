import { readFileSync } from 'node:fs';
import { compareOrgs } from '../../drift/compare';
import { exitCodeFor, type FailOn } from '../../drift/summarize';
import type { ActualGrants, ActualSource } from '../../drift/types';
import { defaultManifestFile, loadProject, type Project } from '../../project';
import { renderDrift, type ReportFormat } from '../../report';
import type { ResolvedOrg } from '../../resolve/types';
import { formatDiagnostic, UserError } from '../../util/diagnostics';
import { closest } from '../../util/suggest';
import { safeTextOutput, textField } from '../../findings/escape';
import { toolHomepage, toolVersion } from '../version';
import { type CliIo } from '../io';
import { inCwd } from './check';

export interface DiffOptions {
  config?: string;
  org?: string;
  source: ActualSource;
  file?: string;
  orgUrl?: string;
  format: ReportFormat;
  failOn: FailOn;
  timeout: string;
  retries: string;
}

/**
 * `wf-scopes diff`: what scopes.yaml requires against what the org (or Terraform) grants.
 * Exit 0 in sync, 2 drift (per --fail-on), 1 on any error — an org that could not be read is an
 * error, never "in sync".
 */
export async function runDiff(opts: DiffOptions, io: CliIo): Promise<number> {
  const timeoutMs = parseTimeout(opts.timeout);
  const retries = Number(opts.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw flagError('--retries', `expected a whole number from 0 to 10, got "${opts.retries}"`);
  if (opts.source !== 'okta' && !opts.file) {
    throw flagError('--file', `--source ${opts.source} reads \`terraform show -json\` output: pass it with --file`, `e.g. terraform show -json ${opts.source === 'plan' ? 'plan.tfplan' : ''} > ${opts.source}.json`);
  }
  if (opts.source === 'okta' && opts.file) throw flagError('--file', '--file goes with --source state or --source plan', 'drop --file, or add --source state|plan');

  const project = loadProject(inCwd(io, opts.config ?? defaultManifestFile(io.env)));
  const orgs = selectOrgs(project, opts.org);
  if (opts.orgUrl && orgs.length > 1) throw flagError('--org-url', '--org-url names one org\'s URL, but several orgs are selected', `add --org ${orgs[0].name}`);

  const actual = opts.source === 'okta' ? await fromOkta(project, orgs, opts, timeoutMs, retries, io) : fromTerraform(orgs, opts, io);
  const report = compareOrgs(
    orgs.map((required, i) => ({ required, actual: actual[i] })),
    { isAutoGranted: (s) => project.catalog.isAutoGranted(s) },
  );
  // Risk levels travel with the report, so every format can show what an extra grant exposes.
  const { riskOf } = await import('../../risk');
  for (const org of report.orgs) {
    for (const m of org.missing) m.risk = levelOf(riskOf(m.scope));
    for (const e of org.extra) e.risk = levelOf(riskOf(e.scope));
  }
  io.stdout(
    renderDrift(opts.format, report, {
      toolVersion: toolVersion(),
      informationUri: toolHomepage(),
      baseDir: io.cwd,
      orgLoc: (name) => project.manifest.orgs.find((o) => o.name === name)?.loc,
    }),
  );
  return exitCodeFor(report, opts.failOn);
}

function levelOf(r: { level: 'high' | 'medium' | 'low'; rationale: string }): { level: 'high' | 'medium' | 'low'; rationale: string } {
  return { level: r.level, rationale: r.rationale };
}

function flagError(flag: string, message: string, hint?: string): UserError {
  return new UserError({ severity: 'error', code: 'bad-flag', flag, message, hint });
}

function parseTimeout(raw: string): number {
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 3600) throw flagError('--timeout', `expected seconds between 0 and 3600, got "${raw}"`, 'e.g. --timeout 30');
  return Math.round(s * 1000);
}

function selectOrgs(project: Project, name: string | undefined): ResolvedOrg[] {
  const all = project.resolution.orgs;
  if (name === undefined) return all;
  const org = all.find((o) => o.name === name);
  if (org) return [org];
  const guess = closest(name, all.map((o) => o.name), 1);
  throw flagError('--org', `no org \`${name}\` in ${project.manifest.file}`, guess.length ? `did you mean \`${guess[0]}\`?` : `declared orgs: ${all.map((o) => o.name).join(', ')}`);
}

async function fromOkta(project: Project, orgs: ResolvedOrg[], opts: DiffOptions, timeoutMs: number, retries: number, io: CliIo): Promise<ActualGrants[]> {
  // Loaded only here: the SDK is heavy, and nothing else needs it.
  const okta = await import('../../okta');
  const credentials = okta.credentialsFromEnv(io.env, io.cwd);
  const out: ActualGrants[] = [];
  for (const org of orgs) {
    const result = await okta.fetchLiveGrants({
      orgUrl: okta.resolveOrgUrl(org.domain, opts.orgUrl),
      app: org.app,
      credentials,
      timeoutMs,
      maxRetries: retries,
      expectedIssuer: org.issuer,
    });
    for (const note of result.notes) io.stderr(safeTextOutput(`note: ${textField(org.name)}: ${textField(note)}\n`));
    warnAutoGranted(org, result.grants, io, (s) => project.catalog.isAutoGranted(s));
    out.push(result.grants);
  }
  return out;
}

/**
 * The authoritative resource revokes every grant it does not list, and wf-scopes never lists the
 * auto-granted OIDC scopes. If the org's grants do show them, say so before anyone applies.
 */
function warnAutoGranted(org: ResolvedOrg, grants: ActualGrants, io: CliIo, isAuto: (scope: string) => boolean): void {
  const auto = grants.granted.map((g) => g.scope).filter(isAuto);
  if (auto.length === 0) return;
  io.stderr(
    `${formatDiagnostic({
      severity: 'warning',
      code: 'auto-granted-in-grants',
      message: `org ${org.name}: the app's grants list auto-granted scopes (${auto.join(', ')}); the generated okta_app_oauth_api_scope does not list them, so an apply would revoke them`,
      hint: 'check the plan before applying; revoking them breaks the Workflows connection',
    })}\n`,
  );
}

function fromTerraform(orgs: ResolvedOrg[], opts: DiffOptions, io: CliIo): ActualGrants[] {
  const file = opts.file as string;
  let text: string;
  try {
    text = readFileSync(inCwd(io, file), 'utf8');
  } catch (e) {
    throw flagError('--file', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  // Required lazily too: only diff --source state|plan reads Terraform JSON.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('../../terraform') as typeof import('../../terraform');
  const grants = opts.source === 'plan' ? tf.readPlanGrants(text, file) : tf.readStateGrants(text, file);
  // A CDKTF stack's state holds one org's grant. Several orgs can only be told apart by app id.
  if (orgs.length > 1 && orgs.some((o) => !o.app.id)) {
    throw flagError(
      '--org',
      `several orgs are declared and ${orgs.filter((o) => !o.app.id).map((o) => o.name).join(', ')} has no app id to find in ${file}`,
      `pick the org whose ${opts.source} this is: ${orgs.map((o) => `--org ${o.name}`).join(' or ')}`,
    );
  }
  return orgs.map((org) => {
    return tf.selectTerraformGrants(grants, org.app.id ? { appId: org.app.id } : {}).grants;
  });
}
