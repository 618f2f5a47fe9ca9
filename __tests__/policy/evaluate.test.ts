import { loadProjectText, policyDiagnostics } from '../../src/core/project';
import { formatDiagnostic } from '../../src/util/diagnostics';

const HEAD = `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
  - {name: dev, domain: acme.oktapreview.com}
flows:
  - name: Offboard
    cards: [Okta/Deactivate User, Okta/Search System Logs]
  - name: Roles
    orgs: [dev]
    cards:
      - Okta/Custom API Action: POST /api/v1/users/{userId}/roles
`;

const load = (policy: string, today = '2026-11-25') => loadProjectText(`${HEAD}${policy}`, 'scopes.yaml', { today });

describe('policy', () => {
  test('no policy, no findings', () => {
    expect(load('').policy).toEqual({ violations: [], suppressed: [], unused: [] });
  });

  test('deny with a glob names the scope, the card and the org, at the card line', () => {
    const p = load(`policy:\n  deny: [okta.roles.*]\n`).policy;
    expect(p.violations).toHaveLength(1);
    const v = p.violations[0];
    expect(v).toMatchObject({ rule: 'deny', org: 'dev', scope: 'okta.roles.manage', loc: { line: 11, column: 9 } });
    expect(v).toMatchObject({ flow: 'Roles', card: 'Okta/Custom API Action' });
    expect(v.message).toBe('`okta.roles.manage` is denied by policy (`okta.roles.*`): needed by Okta/Custom API Action (POST /api/v1/users/{userId}/roles) in flow `Roles`');
  });

  test('requireReason by risk level: a flow without reason violates; a reason on the flow or extraScopes satisfies', () => {
    const bare = load(`policy:\n  requireReason: [high]\n`).policy.violations;
    expect(bare.map((v) => [v.org, v.scope, v.flow])).toEqual([
      ['dev', 'okta.users.manage', 'Offboard'],
      ['prod', 'okta.users.manage', 'Offboard'],
      ['dev', 'okta.roles.manage', 'Roles'],
    ]);
    const withReason = loadProjectText(
      `${HEAD.replace('  - name: Offboard\n', '  - name: Offboard\n    reason: HR requires same-day offboarding\n')}policy:\n  requireReason: [high]\n`,
      'scopes.yaml',
      { today: '2026-11-25' },
    ).policy.violations;
    expect(withReason.map((v) => v.flow)).toEqual(['Roles']);
    const viaExtra = load(`extraScopes:\n  - {scope: okta.roles.manage, reason: delegated admin flow, orgs: [dev]}\npolicy:\n  requireReason: ["okta.roles.*"]\n`).policy.violations;
    expect(viaExtra).toEqual([]);
  });

  test('allowInferred: false rejects inferred cards only', () => {
    const v = load(`policy:\n  allowInferred: false\n`).policy.violations;
    expect([...new Set(v.map((x) => x.card))]).toEqual(['Okta/Deactivate User']);
    expect(v.map((x) => x.org).sort()).toEqual(['dev', 'prod']);
  });

  test('a live suppression with a reason suppresses; an expired one is itself a violation', () => {
    const policy = `policy:
  deny: [okta.roles.manage]
  suppressions:
    - rule: deny
      scope: okta.roles.manage
      reason: Break-glass role assignment, approved in SEC-1234
      expires: 2026-12-31
`;
    const live = load(policy).policy;
    expect(live.violations).toEqual([]);
    expect(live.suppressed).toEqual([expect.objectContaining({ scope: 'okta.roles.manage', suppression: expect.objectContaining({ reason: 'Break-glass role assignment, approved in SEC-1234' }) })]);
    const expired = load(policy, '2027-01-01').policy;
    expect(expired.violations.map((v) => v.rule).sort()).toEqual(['deny', 'expiredSuppression']);
    const msg = policyDiagnostics(expired).map((d) => formatDiagnostic(d).split('\n')[0]);
    expect(msg).toContain('scopes.yaml:15:7: error: suppression of `deny` for `okta.roles.manage` expired on 2026-12-31 (reason was: Break-glass role assignment, approved in SEC-1234)');
  });

  test('suppression scoped to a flow does not cover other flows; unused suppressions are warned', () => {
    const p = load(`policy:
  allowInferred: false
  suppressions:
    - {rule: allowInferred, card: okta/deactivateUser, flow: Offboard, reason: confirmed by a test run}
    - {rule: deny, scope: okta.apps.*, reason: nothing denied}
`).policy;
    expect(p.violations).toEqual([]);
    expect(p.suppressed).toHaveLength(2);
    expect(p.unused.map((s) => s.rule)).toEqual(['deny']);
  });

  test("the README's suppression scoped with flow: covers that flow's need of the denied scope, and only that", () => {
    const text = `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
flows:
  - name: Delegated admin
    cards:
      - Okta/Custom API Action: POST /api/v1/users/{userId}/roles
  - name: Helpdesk
    cards:
      - Okta/Custom API Action: GET /api/v1/users/{userId}/roles
policy:
  deny: ["okta.roles.*", okta.apiTokens.manage]
  suppressions:
    - rule: deny
      scope: okta.roles.manage
      flow: Delegated admin
      reason: Break-glass role assignment, approved in SEC-1234
      expires: 2026-12-31
`;
    const p = loadProjectText(text, 'scopes.yaml', { today: '2026-11-25' }).policy;
    expect(p.unused).toEqual([]);
    expect(p.suppressed.map((x) => [x.flow, x.card, x.scope])).toEqual([['Delegated admin', 'Okta/Custom API Action', 'okta.roles.manage']]);
    // Another flow that needs a denied scope is its own violation, named with its flow and card.
    expect(p.violations.map((x) => [x.flow, x.scope])).toEqual([['Helpdesk', 'okta.roles.read']]);
    expect(p.violations[0].message).toBe('`okta.roles.read` is denied by policy (`okta.roles.*`): needed by Okta/Custom API Action (GET /api/v1/users/{userId}/roles) in flow `Helpdesk`');
  });

  test('a denied scope listed under extraScopes is a finding at that entry, without a flow', () => {
    const p = load(`extraScopes:\n  - {scope: okta.logs.read, reason: audit export}\npolicy:\n  deny: [okta.logs.read]\n`).policy;
    const extra = p.violations.filter((v) => v.flow === undefined);
    expect(extra.map((v) => [v.org, v.message])).toEqual([
      ['dev', '`okta.logs.read` is denied by policy (`okta.logs.read`): listed under extraScopes (audit export)'],
      ['prod', '`okta.logs.read` is denied by policy (`okta.logs.read`): listed under extraScopes (audit export)'],
    ]);
    expect(p.violations.filter((v) => v.flow === 'Offboard').map((v) => v.card)).toEqual(['Okta/Search System Logs', 'Okta/Search System Logs']);
  });

  test('requireReason tells apart two flows of one name in different folders', () => {
    const text = `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
flows:
  - name: Sync
    folder: HR
    reason: HR deactivates leavers
    cards: [Okta/Deactivate User]
  - name: Sync
    folder: IT
    cards: [Okta/Deactivate User]
policy:
  requireReason: [high]
`;
    const v = loadProjectText(text, 'scopes.yaml', { today: '2026-11-25' }).policy.violations;
    expect(v.map((x) => [x.flow, x.loc.line])).toEqual([['Sync', 11]]);
  });

  test('policy globs and dates are validated at load', () => {
    expect(() => load(`policy:\n  deny: [okta.rolez.manage]\n`)).toThrow(/scopes.yaml:13:10: error: unknown scope `okta.rolez.manage`/);
    expect(() => load(`policy:\n  suppressions:\n    - {rule: deny, reason: x, expires: 2026-13-45}\n`)).toThrow(/not a valid date/);
    expect(() => load(`policy:\n  suppressions:\n    - {rule: deny, reason: x, expires: soon}\n`)).toThrow(/expected a date as YYYY-MM-DD/);
  });
});
