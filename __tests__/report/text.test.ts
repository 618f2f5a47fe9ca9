import { compareOrg } from '../../src/core/drift/compare';
import type { ActualGrants } from '../../src/core/drift/types';
import { formatText } from '../../src/output/diff/text';
import {
  AUDIT,
  DEV_ACTUAL,
  DEV_REQUIRED,
  READ_USER,
  byCards,
  ctx,
  fixtureReport,
  grants,
  opts,
  org,
} from '../drift/fixtures';

const REMINDER =
  'After scopes are granted, reauthorize the Okta Workflows connection so that it picks them up; ' +
  'a connection set to "Customize scopes" must also have the new scopes ticked.';

describe('formatText', () => {
  it('renders the fixture exactly', () => {
    expect(formatText(fixtureReport(), ctx)).toBe(
      [
        'dev  [Terraform state]  app 0oa2  IN SYNC',
        '',
        'prod  [live grants]  app 0oa1 (Okta Workflows OAuth)  DRIFT',
        '  MISSING: not granted; the cards fail with 403 insufficient_scope at run time',
        '    okta.logs.read      Audit Logins: Okta/Search System Logs',
        '                        Nightly Export: Okta/Custom API Action (GET /api/v1/logs)',
        '    okta.policies.read  extraScopes: Bookmark audit reads policies',
        '  COVERED BY BROADER: not granted itself, held through its .manage scope',
        '    okta.users.read  by okta.users.manage',
        '                     Onboard: Okta/Activate User',
        '                     Onboard: Okta/Read User',
        '  EXTRA: granted, not declared; an apply of the generated stack revokes this',
        '    okta.groups.manage',
        '',
        'stage  [Terraform plan]  app 0oa3 (Okta Workflows OAuth)  IN SYNC AFTER APPLY',
        '  PLAN: after apply the grants cover the declaration',
        '    + grant   okta.users.read',
        '    - revoke  okta.groups.manage',
        '',
        REMINDER,
        '',
        'Summary: 3 orgs: 2 in sync, 1 with drift (2 missing, 1 extra).',
        '',
      ].join('\n'),
    );
  });

  it('is one header line for an org in sync, with no reminder, then the summary', () => {
    const out = formatText({ orgs: [compareOrg(DEV_REQUIRED, DEV_ACTUAL, opts)] }, ctx);
    expect(out).toBe('dev  [Terraform state]  app 0oa2  IN SYNC\n\nSummary: 1 org: 1 in sync.\n');
  });

  it('leaves the reminder out when nothing would be granted', () => {
    const extraOnly = compareOrg(org('e', []), grants('okta', ['okta.logs.read']), opts);
    const out = formatText({ orgs: [extraOnly] }, ctx);
    expect(out).toContain('EXTRA: granted, not declared');
    expect(out).not.toContain('reauthorize');
  });

  it('says what a plan leaves missing after apply', () => {
    const actual: ActualGrants = {
      ...grants('plan', [], { id: '0oa3' }),
      plan: { toGrant: [], toRevoke: [], after: ['okta.zones.read'] },
    };
    const d = compareOrg(org('stage', [byCards('okta.logs.read', AUDIT)]), actual, opts);
    expect(formatText({ orgs: [d] }, ctx)).toBe(
      [
        'stage  [Terraform plan]  app 0oa3  DRIFT AFTER APPLY',
        '  MISSING AFTER APPLY: the plan leaves these ungranted; the cards fail with 403 insufficient_scope at run time',
        '    okta.logs.read  Audit Logins: Okta/Search System Logs',
        '  EXTRA AFTER APPLY: still granted after the apply though not declared (re-synthesize the stack)',
        '    okta.zones.read',
        '  PLAN: no grant changes; after apply the grants do NOT cover the declaration',
        '',
        REMINDER,
        '',
        'Summary: 1 org: 0 in sync, 1 with drift (1 missing, 1 extra).',
        '',
      ].join('\n'),
    );
  });

  it('lists issuer mismatches', () => {
    const d = compareOrg(
      org('x', [byCards('okta.users.read', READ_USER)]),
      grants('okta', [{ scope: 'okta.users.read', issuerMismatch: 'https://other.okta.com' }], { id: '0oa9' }),
      opts,
    );
    expect(formatText({ orgs: [d] }, ctx)).toBe(
      [
        'x  [live grants]  app 0oa9  IN SYNC',
        "  ISSUER MISMATCH: granted under an issuer other than the org's",
        '    okta.users.read  https://other.okta.com',
        '',
        'Summary: 1 org: 1 in sync.',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is no org', () => {
    expect(formatText({ orgs: [] }, ctx)).toBe('No orgs to compare.\n');
  });
});
