import { loadCatalog } from '../../src/core/catalog';
import { compareOrgs, type CompareOptions } from '../../src/core/drift/compare';
import type { ActualGrants, DriftReport, GrantedScope } from '../../src/core/drift/types';
import type { ReportContext } from '../../src/rules/report-context';
import type { Need, ResolvedOrg, ResolvedScope } from '../../src/core/resolve/types';
import type { SourceLoc } from '../../src/util/diagnostics';

export const BASE_DIR = '/repo';
export const SCOPES_FILE = '/repo/config/scopes.yaml';

/** Auto-granted scopes, OIDC defaults and connection defaults as the catalog's data says (data/scopes.tsv, cards.yaml). */
export const opts: CompareOptions = loadCatalog();

export function loc(line: number, column = 7, file = SCOPES_FILE): SourceLoc {
  return { file, line, column };
}

export function need(flow: string, card: string, line: number, extra: Partial<Need> = {}): Need {
  return { flow, connector: 'Okta', card, confidence: 'stated', loc: loc(line), ...extra };
}

export function byCards(scope: string, ...needs: [Need, ...Need[]]): ResolvedScope {
  return { scope, neededBy: needs, reasons: [] };
}

export function byReason(scope: string, reason: string, line: number): ResolvedScope {
  return { scope, neededBy: [], reasons: [{ reason, loc: loc(line, 5) }] };
}

export function org(name: string, scopes: ResolvedScope[], line = 3): ResolvedOrg {
  return {
    name,
    domain: `${name}.okta.com`,
    issuer: `https://${name}.okta.com`,
    app: { label: 'Okta Workflows OAuth' },
    scopes,
    loc: loc(line, 5),
  };
}

export function grants(
  source: ActualGrants['source'],
  scopes: (string | GrantedScope)[],
  app: ActualGrants['app'] = { id: '0oa1', label: 'Okta Workflows OAuth' },
): ActualGrants {
  return { source, app, granted: scopes.map((s) => (typeof s === 'string' ? { scope: s } : s)) };
}

export const AUDIT = need('Audit Logins', 'Search System Logs', 12);
export const NIGHTLY = need('Nightly Export', 'Custom API Action', 20, {
  call: { method: 'GET', path: '/api/v1/logs', operationId: 'listLogEvents' },
  confidence: 'custom',
  loc: loc(20, 9),
});
export const READ_USER = need('Onboard', 'Read User', 15);
export const ACTIVATE_USER = need('Onboard', 'Activate User', 16);

/** prod: 2 missing (one extraScopes-only), 1 covered by broader, 1 extra, auto-granted scopes ignored. */
export const PROD_REQUIRED = org('prod', [
  // Deliberately out of need order: compareOrg must sort.
  byCards('okta.logs.read', NIGHTLY, AUDIT),
  byReason('okta.policies.read', 'Bookmark audit reads policies', 30),
  byCards('okta.users.manage', ACTIVATE_USER),
  byCards('okta.users.read', READ_USER, ACTIVATE_USER),
]);
export const PROD_ACTUAL = grants('okta', [
  'profile',
  'okta.users.manage',
  'openid',
  'okta.groups.manage',
]);

/** dev: in sync from Terraform state; offline_access is granted but auto-granted. */
export const DEV_REQUIRED = org('dev', [byCards('okta.users.read', READ_USER)], 40);
export const DEV_ACTUAL = grants('state', ['offline_access', 'okta.users.read'], { id: '0oa2' });

/** stage: a plan that fixes today's drift. */
export const STAGE_REQUIRED = org('stage', [byCards('okta.users.read', READ_USER)], 50);
export const STAGE_ACTUAL: ActualGrants = {
  ...grants('plan', ['okta.groups.manage'], { id: '0oa3', label: 'Okta Workflows OAuth' }),
  plan: { toGrant: ['okta.users.read'], toRevoke: ['okta.groups.manage'], after: ['okta.users.read'] },
};

export const ORG_LINES: Record<string, number> = { prod: 3, dev: 40, stage: 50 };
export const orgLoc = (name: string): SourceLoc | undefined =>
  ORG_LINES[name] !== undefined ? loc(ORG_LINES[name], 5) : undefined;

/** The three orgs above as one report, as the diff command would build it. */
export function fixtureReport(): DriftReport {
  return compareOrgs(
    [
      { required: PROD_REQUIRED, actual: PROD_ACTUAL },
      { required: DEV_REQUIRED, actual: DEV_ACTUAL },
      { required: STAGE_REQUIRED, actual: STAGE_ACTUAL },
    ],
    opts,
  );
}

export const ctx: ReportContext = { toolVersion: '0.1.0', baseDir: BASE_DIR, orgLoc };
