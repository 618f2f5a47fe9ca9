import { defaultManifestFile, loadProject } from '../../core/project';
import { parseSinceDays } from '../../app/connection';
import type { OrgUsage, UsageReport, UsageFormat } from '../../app/usage';
import { formatDiagnostic } from '../../util/diagnostics';
import { safeTextOutput, textField } from '../../util/escape';
import { EXIT_ERROR, type CliIo } from '../io';
import { flagError } from '../fail';
import { parseOrgUrls, parseTimeout, refuseSharedCredentials, refuseSharedUrls, selectOrgs } from './diff';

export interface UsageOptions {
  config?: string;
  org?: string;
  orgUrl?: string[];
  format: UsageFormat;
  since: string;
  timeout: string;
  retries: string;
  concurrency: string;
}

/**
 * `wf-scopes usage`: per org and granted scope, the writes the Workflows OAuth app's client made in
 * the System Log window, and the writes no declared card explains. Exit 0 when every org's log was
 * read, 1 when one could not be (its usage is "not checked", never "unused").
 */
export async function runUsage(opts: UsageOptions, io: CliIo): Promise<number> {
  const timeoutMs = parseTimeout(opts.timeout);
  const retries = Number(opts.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw flagError('--retries', `expected a whole number from 0 to 10, got "${opts.retries}"`);
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw flagError('--concurrency', `expected a whole number from 1 to 32, got "${opts.concurrency}"`);
  const days = parseSinceDays(opts.since);
  if (days === undefined) throw flagError('--since', `expected a number of days from 1 to 90 (the System Log keeps 90), got "${opts.since}"`, 'e.g. --since 30');

  const project = loadProject(opts.config ?? defaultManifestFile(io.env), { cwd: io.cwd });
  const orgs = selectOrgs(project, opts.org);
  refuseSharedCredentials(orgs, project);
  const urls = parseOrgUrls(opts.orgUrl ?? [], orgs, project);
  refuseSharedUrls(orgs, urls, project.resolution.orgs);

  const until = new Date();
  const since = new Date(until.getTime() - days * 86_400_000);
  const okta = await import('../../sources/okta');
  const usage = await import('../../app/usage');
  const reads = await okta.readOrgs(
    orgs.map((org) => {
      const decl = project.manifest.orgs.find((d) => d.name === org.name);
      return { name: org.name, domain: org.domain, orgUrl: urls.get(org.name), app: org.app, expectedIssuer: org.issuer, ...(decl?.envPrefix ? { envPrefix: decl.envPrefix } : {}) };
    }),
    { env: io.env, cwd: io.cwd, timeoutMs, maxRetries: retries, concurrency, connection: { since, until, readTokens: false } },
  );
  const report: UsageReport = { since: since.toISOString(), until: until.toISOString(), orgs: [], errors: [] };
  reads.forEach((r, i) => {
    if (!r.ok) {
      io.stderr(safeTextOutput(`${formatDiagnostic({ severity: 'error', code: r.error.code, message: `org ${textField(r.org)}: ${r.error.message}`, hint: r.error.hint })}\n`));
      report.errors.push(r.error);
      return;
    }
    const log = r.connection?.log ?? { ok: false as const, reason: 'the System Log was not read' };
    const o: OrgUsage = usage.orgUsage({ org: r.org, granted: r.live.grants.granted.map((g) => g.scope), required: orgs[i].scopes.map((s) => s.scope), log }, project.catalog);
    if (!o.checked) io.stderr(safeTextOutput(`warning: org ${textField(r.org)}: usage not checked: ${textField(o.reason ?? '')}\n`));
    report.orgs.push(o);
  });
  report.orgs.sort((a, b) => (a.org < b.org ? -1 : a.org > b.org ? 1 : 0));
  io.stdout(usage.renderUsage(opts.format, report));
  return report.errors.length > 0 || report.orgs.some((o) => !o.checked) ? EXIT_ERROR : 0;
}
