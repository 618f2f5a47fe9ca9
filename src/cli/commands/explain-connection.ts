import { connectionStatuses, parseSinceDays } from '../../app/connection';
import { withConnectionEvidence } from '../../app/explain/connection';
import type { Explanation } from '../../app/explain/explain';
import { compareOrgs } from '../../core/drift/compare';
import type { Project } from '../../core/project';
import { safeTextOutput, textField } from '../../util/escape';
import type { CliIo } from '../io';
import { flagError } from '../fail';
import { parseOrgUrls, refuseSharedCredentials, refuseSharedUrls, selectOrgs } from './diff';
import type { ExplainOptions } from './explain';

/** `explain --connection`: reads the selected org like `diff --connection` and adds its evidence. */
export async function explainWithConnection(e: Explanation, project: Project | undefined, opts: ExplainOptions, io: CliIo): Promise<Explanation> {
  if (!project) throw flagError('--connection', '--connection needs scopes.yaml (the org to read)', 'run explain where scopes.yaml is, or pass --config');
  const days = parseSinceDays(opts.since ?? '30');
  if (days === undefined) throw flagError('--since', `expected a number of days from 1 to 90 (the System Log keeps 90), got "${opts.since ?? ''}"`, 'e.g. --since 30');
  const orgs = selectOrgs(project, opts.org);
  refuseSharedCredentials(orgs, project);
  const urls = parseOrgUrls(opts.orgUrl ?? [], orgs, project);
  refuseSharedUrls(orgs, urls, project.resolution.orgs);
  const until = new Date();
  const okta = await import('../../sources/okta');
  const reads = await okta.readOrgs(
    orgs.map((org) => {
      const decl = project.manifest.orgs.find((d) => d.name === org.name);
      return { name: org.name, domain: org.domain, orgUrl: urls.get(org.name), app: org.app, expectedIssuer: org.issuer, ...(decl?.envPrefix ? { envPrefix: decl.envPrefix } : {}) };
    }),
    { env: io.env, cwd: io.cwd, timeoutMs: 30_000, maxRetries: 3, concurrency: 4, connection: { since: new Date(until.getTime() - days * 86_400_000), until } },
  );
  const compared = [];
  const evidence = [];
  for (const [i, r] of reads.entries()) {
    if (!r.ok) {
      io.stderr(safeTextOutput(`warning: org ${textField(r.org)}: not read, explained without its connection: ${textField(r.error.message)}\n`));
      continue;
    }
    compared.push({ required: orgs[i], actual: r.live.grants });
    if (r.connection) evidence.push({ org: r.org, evidence: r.connection, grantedAt: r.live.grantedAt });
  }
  const report = compareOrgs(compared, project.catalog);
  return withConnectionEvidence(e, connectionStatuses(report, evidence));
}
