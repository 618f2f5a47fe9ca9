import { planBase, reviewChange, summaryLine, type ReviewBase } from '../../src/app/review';
import { ADDS_HIGH, ADDS_LOW, BASE, REMOVES, project } from './fixtures';

const gitBase = (text: string | undefined): ReviewBase => ({ kind: 'git', label: 'HEAD~1:scopes.yaml', project: text === undefined ? undefined : project(text, 'HEAD~1:scopes.yaml') });

describe('reviewChange', () => {
  test('a high-risk addition: per org, with the card that needs it and where it is introduced', () => {
    const r = reviewChange(project(ADDS_HIGH), gitBase(BASE));
    expect(r.orgs.map((o) => o.name)).toEqual(['prod', 'dev']);
    for (const o of r.orgs) {
      expect(o.status).toBe('kept');
      expect(o.removed).toEqual([]);
      expect(o.added.map((a) => [a.scope, a.risk.level, a.neededBy.map((n) => `${n.flow}: ${n.connector}/${n.card}`)])).toEqual([
        ['okta.users.manage', 'high', ['Offboard contractor: Okta/Deactivate User']],
      ]);
      expect(o.added[0].loc).toEqual({ file: 'scopes.yaml', line: 13, column: 9 });
    }
    expect(r.summary).toEqual({
      scopesAdded: 1,
      highRiskAdded: 1,
      scopesRemoved: 0,
      policyViolations: 0,
      settingChanges: 0,
      grantsAdded: 2,
      highRiskGrantsAdded: 2,
      orgsGaining: 2,
      grantsRemoved: 0,
      grantsLeft: 0,
      decision: ['a high-risk scope is added'],
      needsDecision: true,
    });
    expect(r.flows).toEqual([
      { flow: 'Offboard contractor', status: 'added', cardsAdded: ['Okta/Deactivate User'], cardsRemoved: [], loc: { file: 'scopes.yaml', line: 11, column: 5 } },
    ]);
    // One row per org in the tables (here one table for both orgs): grants, not scope names, are counted.
    expect(summaryLine(r)).toBe('adds 2 grants in 2 orgs (2 high risk) · a reviewer must decide: a high-risk scope is added');
  });

  test('a low-risk addition needs no decision', () => {
    const r = reviewChange(project(ADDS_LOW), gitBase(BASE));
    expect(r.orgs[0].added.map((a) => [a.scope, a.risk.level])).toEqual([['okta.devices.read', 'low']]);
    expect(r.summary.needsDecision).toBe(false);
    expect(r.flows?.[0]).toMatchObject({ flow: 'Audit', status: 'changed', cardsAdded: ['Okta Devices/Read Device'], cardsRemoved: [] });
  });

  test('a removal lists what needed it in the base', () => {
    const r = reviewChange(project(REMOVES), gitBase(BASE));
    expect(r.orgs[0].removed).toEqual([
      { scope: 'okta.apps.read', risk: expect.objectContaining({ level: 'medium' }), neededBy: [], reasons: ['Quarterly access report'] },
    ]);
    expect(summaryLine(r)).toBe('removes 2 grants');
    expect(r.summary.needsDecision).toBe(false);
  });

  test('a flow limited to fewer orgs is a changed flow; card order is no change', () => {
    const head = BASE.replace('  - name: Audit\n', '  - name: Audit\n    orgs: [dev]\n');
    expect(reviewChange(project(head), gitBase(BASE)).flows).toEqual([
      { flow: 'Audit', status: 'changed', cardsAdded: [], cardsRemoved: [], orgs: { before: undefined, after: ['dev'] }, loc: expect.anything() },
    ]);
    const two = ADDS_LOW;
    const swapped = two.replace('      - Okta/Search System Logs\n      - Okta Devices/Read Device\n', '      - Okta Devices/Read Device\n      - Okta/Search System Logs\n');
    expect(reviewChange(project(swapped), gitBase(two)).flows).toEqual([]);
  });

  test('no change', () => {
    const r = reviewChange(project(BASE), gitBase(BASE));
    expect(r.orgs.every((o) => o.added.length === 0 && o.removed.length === 0)).toBe(true);
    expect(r.flows).toEqual([]);
    expect(summaryLine(r)).toBe('no scope changes');
  });

  test('a base absent at the ref: every scope is added, every org and flow is new', () => {
    const r = reviewChange(project(ADDS_HIGH), gitBase(undefined));
    expect(r.base).toEqual({ kind: 'git', label: 'HEAD~1:scopes.yaml', absent: true });
    expect(r.orgs.map((o) => o.status)).toEqual(['added', 'added']);
    expect(r.orgs[0].added.map((a) => a.scope)).toEqual(['okta.apps.read', 'okta.logs.read', 'okta.users.manage']);
    expect(r.flows?.map((f) => f.status)).toEqual(['added', 'added']);
    // Every org is new: each is a change of where the grants go, with its tenant and app.
    expect(summaryLine(r)).toBe('adds 6 grants in 2 orgs (2 high risk) · a reviewer must decide: a high-risk scope is added; 2 changes to where the grants go');
    expect(r.settings.map((c) => [c.org, c.kind, c.after])).toEqual([
      ['prod', 'org-added', 'acme.okta.com, app labelled Okta Workflows OAuth, credentials OKTA_*'],
      ['dev', 'org-added', 'acme.oktapreview.com, app labelled Okta Workflows OAuth, credentials OKTA_*'],
    ]);
  });

  test('orgs added and removed', () => {
    const head = project(BASE.replace('  - name: dev\n    domain: acme.oktapreview.com\n', '  - name: test\n    domain: acme-test.oktapreview.com\n'));
    const r = reviewChange(head, gitBase(BASE));
    expect(r.orgs.map((o) => [o.name, o.status, o.added.length, o.removed.length])).toEqual([
      ['prod', 'kept', 0, 0],
      ['test', 'added', 2, 0],
      ['dev', 'removed', 0, 2],
    ]);
    // A removed org's grants are not revoked by any apply, so they are not counted as removed; the
    // org added and the org removed are changes of where the grants go.
    expect(summaryLine(r)).toBe('adds 2 grants, leaves 2 grants in place (no stack revokes them) · a reviewer must decide: 2 changes to where the grants go');
    expect(r.orgs.find((o) => o.name === 'dev')?.unmanaged).toBe('org-removed');
    expect(r.settings.map((c) => [c.org, c.kind])).toEqual([
      ['test', 'org-added'],
      ['dev', 'org-removed'],
    ]);
    expect(r.summary.needsDecision).toBe(true);
  });

  test('policy of the new declaration: a deny violation needs a decision even without scope changes', () => {
    const denied = `${ADDS_HIGH}policy:\n  deny: [okta.users.manage]\n`;
    const r = reviewChange(project(denied), gitBase(ADDS_HIGH));
    expect(r.summary).toMatchObject({ scopesAdded: 0, policyViolations: 2, needsDecision: true });
    expect(r.policy.violations.map((v) => [v.rule, v.org])).toEqual([
      ['deny', 'dev'],
      ['deny', 'prod'],
    ]);
    expect(summaryLine(r)).toBe('no scope changes · a reviewer must decide: 2 policy violations');
  });

  test('suppressed findings are carried with their reason; an expired suppression is a violation', () => {
    const policy = `policy:
  deny: [okta.users.manage]
  suppressions:
    - rule: deny
      scope: okta.users.manage
      reason: Offboarding approved in SEC-12
      expires: 2026-06-30
`;
    const live = reviewChange(project(`${ADDS_HIGH}${policy}`), gitBase(BASE));
    expect(live.policy.violations).toEqual([]);
    expect(live.policy.suppressed.map((s) => s.suppression.reason)).toEqual(['Offboarding approved in SEC-12', 'Offboarding approved in SEC-12']);
    const expired = reviewChange(project(`${ADDS_HIGH}${policy}`, 'scopes.yaml', '2026-07-01'), gitBase(BASE));
    expect(expired.policy.violations.map((v) => v.rule).sort()).toEqual(['deny', 'deny', 'expiredSuppression']);
  });
});

describe('planBase', () => {
  const plan = (resources: { address: string; appId?: string; issuer: string; before: string[]; after: string[] }[]): string =>
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      resource_changes: resources.map((r) => ({
        address: r.address,
        mode: 'managed',
        type: 'okta_app_oauth_api_scope',
        name: 'workflows_oauth',
        change: {
          actions: ['update'],
          before: { app_id: r.appId ?? '0oa1', issuer: r.issuer, scopes: r.before },
          after: { app_id: r.appId ?? '0oa1', issuer: r.issuer, scopes: r.after },
          after_unknown: {},
        },
      })),
    });

  test('base = the grants before the plan, per org matched by issuer; auto-granted scopes ignored', () => {
    const head = project(ADDS_HIGH);
    const prodPlan = plan([{ address: 'okta_app_oauth_api_scope.workflows_oauth', issuer: 'https://acme.okta.com', before: ['okta.logs.read', 'okta.groups.read', 'openid'], after: ['okta.apps.read', 'okta.logs.read', 'okta.users.manage'] }]);
    const base = planBase([{ file: 'prod.plan.json', text: prodPlan }], head);
    const r = reviewChange(head, base);
    const prod = r.orgs.find((o) => o.name === 'prod');
    expect(prod?.added.map((a) => a.scope)).toEqual(['okta.apps.read', 'okta.users.manage']);
    expect(prod?.removed.map((a) => [a.scope, a.neededBy.length])).toEqual([['okta.groups.read', 0]]);
    expect(r.orgs.find((o) => o.name === 'dev')?.status).toBe('not-compared');
    expect(r.notes).toEqual(['Org dev is in none of the plans, so it is not compared.']);
    expect(r.flows).toBeUndefined();
    expect(r.summary.needsDecision).toBe(true);
  });

  test('a plan base keeps okta.realms.read a Realms card needs (only OIDC defaults are left out)', () => {
    const head = project(BASE.replace('      - Okta/Search System Logs\n', '      - Okta/Search System Logs\n      - Okta Realms/Read Realm\n'));
    const scopes = ['okta.apps.read', 'okta.logs.read', 'okta.realms.read'];
    const text = plan([{ address: 'a.x', issuer: 'https://acme.okta.com', before: [...scopes, 'openid'], after: scopes }]);
    const r = reviewChange(head, planBase([{ file: 'p.json', text }], head));
    const prod = r.orgs.find((o) => o.name === 'prod');
    expect(prod?.added).toEqual([]);
    expect(prod?.removed).toEqual([]);
    expect(r.notes.filter((n) => n.includes('does not grant'))).toEqual([]);
  });

  test('a plan that does not grant what is declared is noted; an explicit app id wins over the issuer', () => {
    const head = project(BASE.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    app: {id: 0oa1b2c3d4e5f6g7h8i9}\n'));
    const text = plan([
      { address: 'a.x', appId: '0oa9z8y7x6w5v4u3t2s1', issuer: 'https://acme.okta.com', before: [], after: [] },
      { address: 'b.y', appId: '0oa1b2c3d4e5f6g7h8i9', issuer: 'https://elsewhere.okta.com', before: ['okta.logs.read'], after: ['okta.logs.read'] },
    ]);
    const r = reviewChange(head, planBase([{ file: 'p.json', text }], head));
    const prod = r.orgs.find((o) => o.name === 'prod');
    expect(prod?.added.map((a) => a.scope)).toEqual(['okta.apps.read']);
    expect(r.notes[0]).toBe('The plan for org prod (b.y) does not grant what scopes.yaml declares: synthesize and plan again.');
  });

  test("a resource bound to another app id is not the org's, even as the only one", () => {
    const head = project(`version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\n    app: {id: 0oa1b2c3d4e5f6g7h8i9}\n    allowEmpty: {reason: no flows yet}\nflows: []\n`);
    const text = plan([{ address: 'a.x', appId: '0oa9z8y7x6w5v4u3t2s1', issuer: 'https://acme.okta.com', before: [], after: [] }]);
    const r = reviewChange(head, planBase([{ file: 'p.json', text }], head));
    expect(r.orgs[0].status).toBe('not-compared');
  });

  test('two resources for one org is an error naming both', () => {
    const head = project(BASE);
    const text = plan([
      { address: 'a.x', issuer: 'https://acme.okta.com', before: [], after: [] },
      { address: 'b.y', issuer: 'https://acme.okta.com', before: [], after: [] },
    ]);
    expect(() => planBase([{ file: 'p.json', text }], head)).toThrow(/2 resources of the plan grant to org prod: a.x, b.y/);
  });
});
