import { compareOrgs } from '../../core/drift/compare';
// The URL check alone: it does not load the Okta SDK.
import { checkOrgUrl, isLoopbackHost } from '../../sources/okta/org-url';
import { credentialVars } from '../../sources/okta/credentials';
import { exitCodeFor, type FailOn } from '../../core/drift/summarize';
import type { ActualGrants, ActualSource, DriftReport, OrgError } from '../../core/drift/types';
import { defaultManifestFile, loadProject, type Project } from '../../core/project';
import { renderDrift, type ReportFormat } from '../../output/diff';
import type { ResolvedOrg } from '../../core/resolve/types';
import { formatDiagnostic, UserError } from '../../util/diagnostics';
import { quoteForeign } from '../../util/redact-url';
import { closest } from '../../util/suggest';
import { safeTextOutput, textField } from '../../util/escape';
import { toolHomepage, toolVersion } from '../version';
import { EXIT_ERROR, type CliIo, inCwd } from '../io';
import { colourWanted, paintRiskColumns } from '../../util/colour';
import { flagError } from '../fail';
import { parseSinceDays } from '../../app/connection';

export interface DiffOptions {
  config?: string;
  org?: string;
  source: ActualSource;
  file?: string;
  /** `--org-url`, repeatable: `NAME=URL`, or one bare URL when one org is selected. */
  orgUrl?: string[];
  format: ReportFormat;
  failOn: FailOn;
  timeout: string;
  retries: string;
  concurrency: string;
  /** `--connection`: also check the Okta connections' tokens against the grants (okta source). */
  connection?: boolean;
  /** `--since`: the System Log window of --connection, in days (default 30, at most 90). */
  since?: string;
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

  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw flagError('--concurrency', `expected a whole number from 1 to 32, got "${opts.concurrency}"`);
  if (opts.source !== 'okta' && opts.orgUrl?.length) throw flagError('--org-url', `--org-url goes with --source okta, not --source ${opts.source}`, 'drop --org-url');

  const window = connectionWindow(opts);
  const project = loadProject(opts.config ?? defaultManifestFile(io.env), { cwd: io.cwd });
  const orgs = selectOrgs(project, opts.org);
  if (opts.source === 'okta') refuseSharedCredentials(orgs, project);
  const urls = parseOrgUrls(opts.orgUrl ?? [], orgs, project);
  if (opts.source === 'okta') refuseSharedUrls(orgs, urls, project.resolution.orgs);

  const read = opts.source === 'okta' ? await fromOkta(project, orgs, urls, { timeoutMs, retries, concurrency, window }, io) : { actual: fromTerraform(orgs, opts, io), errors: [], connection: [] };
  const compared = orgs.flatMap((required, i) => {
    const actual = read.actual[i];
    return actual ? [{ required, actual }] : [];
  });
  const report: DriftReport = {
    ...compareOrgs(compared, project.catalog),
    errors: read.errors,
  };
  // Risk levels travel with the report, so every format can show what an extra grant exposes.
  const { riskOf } = await import('../../core/risk');
  for (const org of report.orgs) {
    for (const m of org.missing) m.risk = levelOf(riskOf(m.scope));
    for (const e of org.extra) e.risk = levelOf(riskOf(e.scope));
  }
  const rendered = renderDrift(opts.format, report, {
    toolVersion: toolVersion(),
    informationUri: toolHomepage(),
    baseDir: io.cwd,
    orgLoc: (name) => project.manifest.orgs.find((o) => o.name === name)?.loc,
  });
  const statuses = window ? (await import('../../app/connection')).connectionStatuses(report, read.connection) : undefined;
  const out = statuses ? await withConnection(opts.format, rendered, statuses, io) : rendered;
  io.stdout(opts.format === 'text' && colourWanted(io.env, io.stdoutIsTTY === true) ? paintRiskColumns(out) : out);
  // Grants of unknown status may hold their scope: the verdict is an error, whatever --fail-on says. The
  // report (its text or markdown view, or finding WFS007) already says which; stderr does not repeat it.
  if (report.orgs.some((o) => o.unknownStatus?.length)) return EXIT_ERROR;
  const code = exitCodeFor(report, opts.failOn);
  if (!statuses || code === EXIT_ERROR || opts.failOn === 'none') return code;
  const { connectionExitCode } = await import('../../core/connection/compare');
  return Math.max(code, connectionExitCode(statuses));
}

/** `--connection` and `--since`, checked before anything is read; undefined without --connection. */
function connectionWindow(opts: DiffOptions): { since: Date; until: Date } | undefined {
  if (!opts.connection) {
    if (opts.since !== undefined) throw flagError('--since', '--since goes with --connection', 'add --connection, or drop --since');
    return undefined;
  }
  if (opts.source !== 'okta') throw flagError('--connection', `--connection reads the Okta org, not --source ${opts.source}`, 'drop --connection, or use --source okta');
  if (opts.format === 'sarif' || opts.format === 'github') throw flagError('--connection', `--connection reports in text, json or markdown, not ${opts.format}`, 'use --format text, json or markdown');
  const days = parseSinceDays(opts.since ?? '30');
  if (days === undefined) throw flagError('--since', `expected a number of days from 1 to 90 (the System Log keeps 90), got "${opts.since ?? ''}"`, 'e.g. --since 30');
  const until = new Date();
  return { since: new Date(until.getTime() - days * 86_400_000), until };
}

async function withConnection(format: ReportFormat, rendered: string, statuses: import('../../core/connection/types').ConnectionStatus[], io: CliIo): Promise<string> {
  const out = await import('../../output/connection');
  for (const s of statuses) {
    if (!s.checked) io.stderr(safeTextOutput(`warning: org ${textField(s.org)}: connection not checked: ${textField(s.reasons.join('; '))}\n`));
  }
  if (format === 'json') {
    const { JSON_KEY_ORDER } = await import('../../output/diff');
    const { FINDING_JSON_KEYS } = await import('../../output/findings');
    return out.mergeConnectionJson(rendered, statuses, { baseDir: io.cwd, keyOrder: [...JSON_KEY_ORDER, ...FINDING_JSON_KEYS] });
  }
  return rendered + (format === 'markdown' ? out.connectionMarkdown(statuses) : out.connectionText(statuses));
}

function levelOf(r: { level: 'high' | 'medium' | 'low'; rationale: string }): { level: 'high' | 'medium' | 'low'; rationale: string } {
  return { level: r.level, rationale: r.rationale };
}


export function parseTimeout(raw: string): number {
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 3600) throw flagError('--timeout', `expected seconds between 0 and 3600, got "${raw}"`, 'e.g. --timeout 30');
  return Math.round(s * 1000);
}

export function selectOrgs(project: Project, name: string | undefined): ResolvedOrg[] {
  const all = project.resolution.orgs;
  if (name === undefined) return all;
  const org = all.find((o) => o.name === name);
  if (org) return [org];
  const guess = closest(name, all.map((o) => o.name), 1);
  throw flagError('--org', `no org \`${name}\` in ${project.manifest.file}`, guess.length ? `did you mean \`${guess[0]}\`?` : `declared orgs: ${all.map((o) => o.name).join(', ')}`);
}

/**
 * `--org-url` values: `NAME=URL` per org (repeatable), or one bare URL when exactly one org is
 * selected. Every value is checked before any request leaves.
 */
export function parseOrgUrls(values: readonly string[], selected: readonly ResolvedOrg[], project: Project): Map<string, string> {
  const urls = new Map<string, string>();
  const declared = project.resolution.orgs.map((o) => o.name);
  for (const value of values) {
    // An org name cannot hold `:`, so `https://…` is never read as NAME=.
    const pair = /^([A-Za-z][A-Za-z0-9_-]*)=(.*)$/s.exec(value);
    let name: string;
    let raw: string;
    if (pair) {
      [, name, raw] = pair;
      if (!declared.includes(name)) {
        const guess = closest(name, declared, 1);
        throw flagError('--org-url', `no org \`${name}\` in ${project.manifest.file} (in --org-url ${name}=…)`, guess.length ? `did you mean \`${guess[0]}\`?` : `declared orgs: ${declared.join(', ')}`);
      }
      if (!selected.some((o) => o.name === name)) {
        throw flagError('--org-url', `--org-url names org \`${name}\`, which --org does not select`, `drop it, or add --org ${name}`);
      }
    } else {
      if (values.length > 1 || selected.length !== 1) {
        // The value is said once, without its userinfo: a password typed into it is never printed.
        throw flagError(
          '--org-url',
          `a bare URL (${quoteForeign(value)}) needs exactly one selected org, but ${selected.length === 1 ? `${values.length} --org-url values are given` : `${selected.length} orgs are selected`}`,
          `write NAME=URL for each org, e.g. --org-url ${selected[0]?.name ?? 'prod'}=https://…${selected.length > 1 ? `, or add --org ${selected[0].name}` : ''}`,
        );
      }
      name = selected[0].name;
      raw = value;
    }
    if (urls.has(name)) throw flagError('--org-url', `org \`${name}\` is given twice`, 'give each org one --org-url NAME=URL');
    urls.set(name, checkedUrl(raw, name));
  }
  return urls;
}

/**
 * Two selected orgs that read the same credential variables (one envPrefix, or none) would each send
 * that one credential to its own server: prod's token would reach the preview org. Refused before any
 * variable is read, at the second org's envPrefix (or name) in scopes.yaml.
 */
export function refuseSharedCredentials(selected: readonly ResolvedOrg[], project: Project): void {
  const byPrefix = new Map<string, string>();
  for (const org of selected) {
    const decl = project.manifest.orgs.find((d) => d.name === org.name);
    const prefix = decl?.envPrefix ?? '';
    const first = byPrefix.get(prefix);
    if (first === undefined) {
      byPrefix.set(prefix, org.name);
      continue;
    }
    const v = credentialVars(prefix);
    const loc = decl?.credentialsLoc ?? decl?.loc;
    throw new UserError({
      severity: 'error',
      code: 'shared-credentials',
      ...(loc ? { loc } : {}),
      message:
        `orgs \`${first}\` and \`${org.name}\` read the same credential variables (${v.apiToken}, ${v.clientId}, ${v.privateKey}, ${v.accessToken}, …)` +
        `${prefix === '' ? ', having no envPrefix' : ''}: diff would send one org's credentials to the other org's server`,
      hint: `give each org its own envPrefix (e.g. envPrefix: ${org.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_), or diff one org at a time with --org ${first}`,
    });
  }
}

/** The URL an org is read at, compared without case or trailing slash. */
/**
 * The server a URL's credentials reach: its host, whatever the path or scheme. Loopback names
 * (127.x.x.x, localhost, [::1]) are one host, told apart only by port, as local test servers are.
 */
function serverKey(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'http:' ? '80' : '443');
  return isLoopbackHost(u.hostname) ? `loopback:${port}` : u.hostname.toLowerCase().replace(/\.$/, '');
}

/**
 * An `--org-url` may move an org to a local or proxy URL, never onto the server of another org: that
 * server would receive this org's credentials. Refused: two selected orgs read at one server (any path,
 * any loopback spelling), and an org moved onto another declared org's domain, selected or not.
 */
export function refuseSharedUrls(selected: readonly ResolvedOrg[], urls: ReadonlyMap<string, string>, declared: readonly ResolvedOrg[] = selected): void {
  const at = new Map<string, ResolvedOrg>();
  for (const org of selected) {
    const url = urls.get(org.name) ?? org.issuer;
    const key = serverKey(url);
    const owner = urls.has(org.name) ? declared.find((d) => d.domain !== org.domain && serverKey(d.issuer) === key) : undefined;
    if (owner !== undefined) {
      throw flagError(
        '--org-url',
        `org \`${org.name}\` would be read at ${url}, the domain of org \`${owner.name}\`: that org's server would receive ${org.name}'s credentials`,
        `point --org-url ${org.name}= at ${org.name}'s own org or a local server`,
      );
    }
    const other = at.get(key);
    if (other === undefined) {
      at.set(key, org);
      continue;
    }
    if (other.domain === org.domain) continue; // one Okta org declared twice: no credential leaves it
    throw flagError(
      '--org-url',
      `orgs \`${other.name}\` and \`${org.name}\` would both be read at ${url}: that server would receive both orgs' credentials`,
      `give each org its own URL (--org-url ${org.name}=URL), or diff one org at a time with --org`,
    );
  }
}

function checkedUrl(raw: string, org: string): string {
  try {
    return checkOrgUrl(raw);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const d = e.diagnostics[0];
    throw flagError('--org-url', `org \`${org}\`: ${d.message}`, d.hint ?? 'e.g. --org-url prod=https://acme.okta.com');
  }
}

async function fromOkta(
  project: Project,
  orgs: ResolvedOrg[],
  urls: Map<string, string>,
  limits: { timeoutMs: number; retries: number; concurrency: number; window?: { since: Date; until: Date } },
  io: CliIo,
): Promise<{ actual: (ActualGrants | undefined)[]; errors: OrgError[]; connection: import('../../app/connection').OrgConnectionRead[] }> {
  // Loaded only here: the SDK is heavy, and nothing else needs it.
  const okta = await import('../../sources/okta');
  const targets = orgs.map((org) => {
    const decl = project.manifest.orgs.find((d) => d.name === org.name);
    return {
      name: org.name,
      domain: org.domain,
      orgUrl: urls.get(org.name),
      app: org.app,
      expectedIssuer: org.issuer,
      ...(decl?.envPrefix ? { envPrefix: decl.envPrefix } : {}),
    };
  });
  const reads = await okta.readOrgs(targets, {
    env: io.env,
    cwd: io.cwd,
    timeoutMs: limits.timeoutMs,
    maxRetries: limits.retries,
    concurrency: limits.concurrency,
    ...(limits.window ? { connection: limits.window } : {}),
  });
  const errors: OrgError[] = [];
  const connection = reads.flatMap((r) => (r.ok && r.connection ? [{ org: r.org, evidence: r.connection, grantedAt: r.live.grantedAt }] : []));
  const actual = reads.map((r, i) => {
    if (!r.ok) {
      // Said once, by the report: the view's error entry for the org, or finding WFS005.
      errors.push(r.error);
      return undefined;
    }
    for (const note of r.live.notes) io.stderr(safeTextOutput(`note: ${textField(r.org)}: ${textField(note)}\n`));
    warnAutoGranted(orgs[i], r.live.grants, io, project.catalog.defaults.isOidcDefault);
    return r.live.grants;
  });
  return { actual, errors, connection };
}

/**
 * The authoritative resource revokes every grant it does not list, and wf-scopes never lists the
 * auto-granted OIDC scopes. If the org's grants do show them, say so before anyone applies. (An
 * auto-granted `okta.*` scope is listed where a card needs it, and reported as extra otherwise.)
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
  // Required lazily too: only diff --source state|plan reads Terraform JSON.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('../../sources/terraform') as typeof import('../../sources/terraform');
  const text = tf.readShowJsonFile(inCwd(io, file), file, '--file');
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
    const r = tf.selectTerraformGrants(grants, org.app.id ? { appId: org.app.id } : {});
    checkOwner(org, r, file, opts.source);
    return r.grants;
  });
}

/**
 * The resource must be this org's: its issuer is the org's URL and, when scopes.yaml gives the app id,
 * its app is that app. A preview state read as prod would otherwise report prod "in sync".
 */
function checkOwner(org: ResolvedOrg, r: { address: string; issuer?: string; appId?: string }, file: string, source: ActualSource): void {
  const issuer = r.issuer?.trim().replace(/\/+$/, '').toLowerCase();
  if (issuer !== undefined && issuer !== org.issuer) {
    throw new UserError({
      severity: 'error',
      code: 'foreign-terraform',
      flag: '--file',
      message: `${file} belongs to another org: ${r.address} grants under issuer ${r.issuer}, but org ${org.name} is ${org.issuer}`,
      hint: `pass the ${source} of org ${org.name}'s stack (cdktf.out/stacks/${org.name}), or pick the org this ${source} is for with --org`,
    });
  }
  if (org.app.id !== undefined && r.appId !== undefined && r.appId !== org.app.id) {
    throw new UserError({
      severity: 'error',
      code: 'foreign-terraform',
      flag: '--file',
      message: `${file} belongs to another app: ${r.address} grants to app ${r.appId}, but org ${org.name} declares app ${org.app.id}`,
      hint: `pass the ${source} of org ${org.name}'s stack`,
    });
  }
}
