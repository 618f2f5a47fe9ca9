import { loadProjectText } from '../../src/core/project';
import { MINIMAL } from '../fixtures';

describe('resolver', () => {
  const project = loadProjectText(MINIMAL, 'scopes.yaml');
  const prod = project.resolution.orgs[0];

  test('the minimal form is accepted and resolves to sorted scopes', () => {
    expect(prod.name).toBe('prod');
    expect(prod.issuer).toBe('https://acme.okta.com');
    expect(prod.app).toEqual({ label: 'Okta Workflows OAuth' });
    expect(prod.scopes.map((s) => s.scope)).toEqual([
      'okta.apps.read',
      'okta.eventHooks.manage',
      'okta.logs.read',
      'okta.users.manage',
      'okta.users.read',
    ]);
  });

  test('each scope carries the flows and cards that need it', () => {
    const by = Object.fromEntries(prod.scopes.map((s) => [s.scope, s]));
    expect(by['okta.eventHooks.manage'].neededBy.map((n) => [n.flow, n.connector, n.card])).toEqual([
      ['Offboard contractor', 'Okta', 'User Suspended'],
    ]);
    expect(by['okta.logs.read'].neededBy.map((n) => n.card)).toEqual(['Search System Logs']);
    expect(by['okta.users.read'].neededBy).toEqual([
      expect.objectContaining({ card: 'Custom API Action', call: { method: 'GET', path: '/api/v1/users/{userId}/factors', operationId: 'listFactors' } }),
    ]);
    expect(by['okta.apps.read'].neededBy).toEqual([]);
    expect(by['okta.apps.read'].reasons.map((r) => r.reason)).toEqual(['Quarterly access report reads app assignments']);
    expect(by['okta.apps.read'].reasons[0].loc.line).toBe(13);
  });

  test('an inferred catalog card is warned about once, at its first use', () => {
    const w = project.warnings.filter((d) => d.code === 'inferred-card');
    expect(w.map((d) => d.loc?.line)).toEqual([9]);
    expect(w[0].message).toContain('Okta/Deactivate User');
  });

  test('OIDC defaults are never emitted; a connection default a card calls with is, with its reason', () => {
    const p = loadProjectText(
      `version: 1
orgs: [{name: prod, domain: acme.okta.com}]
flows:
  - name: Realm report
    cards: [Okta Realms/List Realm Users]
`,
      'scopes.yaml',
    );
    const scopes = p.resolution.orgs[0].scopes;
    expect(scopes.map((s) => s.scope)).toEqual(['okta.realms.read', 'okta.users.read']);
    expect(scopes[0].neededBy.map((n) => n.card)).toEqual(['List Realm Users']);
    expect(scopes[0].reasons).toEqual([
      { reason: 'granted by default with the Okta Realms connection; listed so that an apply keeps it', loc: { file: 'scopes.yaml', line: 5, column: 13 }, kind: 'connector-default' },
    ]);
    expect(scopes[1].reasons).toEqual([]);
  });

  test('an org with only Realms cards resolves to okta.realms.read alone', () => {
    const p = loadProjectText(`version: 1\norgs: [{name: prod, domain: acme.okta.com}]\nflows:\n  - name: R\n    cards: [Okta Realms/Read Realm, Okta Realms/Search Realms]\n`, 'scopes.yaml');
    expect(p.resolution.orgs[0].scopes.map((s) => [s.scope, s.neededBy.length])).toEqual([['okta.realms.read', 2]]);
  });

  test('okta.realms.read under extraScopes is kept (a Realms connection with no Realms flow)', () => {
    const p = loadProjectText(`version: 1\norgs: [{name: prod, domain: acme.okta.com}]\nextraScopes:\n  - {scope: okta.realms.read, reason: Realms connection authorized for later flows}\n  - {scope: openid, reason: no}\n`, 'scopes.yaml');
    expect(p.resolution.orgs[0].scopes.map((s) => s.scope)).toEqual(['okta.realms.read']);
    expect(p.warnings.find((w) => w.code === 'auto-granted')?.message).toContain('`openid` is an OIDC scope');
  });

  test('flows limited to some orgs, extra scopes per org', () => {
    const p = loadProjectText(
      `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
  - {name: dev, domain: acme.oktapreview.com}
flows:
  - name: Devices
    orgs: [prod]
    cards: [Okta Devices/Suspend Device]
  - name: Everywhere
    cards: [okta/readUser]
extraScopes:
  - {scope: okta.groups.read, reason: audit, orgs: [dev]}
`,
      'scopes.yaml',
    );
    const names = Object.fromEntries(p.resolution.orgs.map((o) => [o.name, o.scopes.map((s) => s.scope)]));
    expect(names).toEqual({ prod: ['okta.devices.manage', 'okta.schemas.read', 'okta.users.read'], dev: ['okta.groups.read', 'okta.schemas.read', 'okta.users.read'] });
  });

  test('the same card in two flows is listed under both, sorted by flow', () => {
    const p = loadProjectText(
      `version: 1
orgs: [{name: prod, domain: acme.okta.com}]
flows:
  - {name: Zeta, cards: [Okta/Search System Logs]}
  - {name: Alpha, cards: [Okta/search system logs, Okta/SearchSystemLogs]}
`,
      'scopes.yaml',
    );
    const logs = p.resolution.orgs[0].scopes[0];
    expect(logs.neededBy.map((n) => n.flow)).toEqual(['Alpha', 'Zeta']);
  });

  test('app import: false travels to the resolved org', () => {
    const p = loadProjectText(`version: 1\norgs: [{name: prod, domain: acme.okta.com, app: {id: 0oa8x2k4lq9ZrT3bN5d7, import: false}, allowEmpty: {reason: new org}}]\n`, 'scopes.yaml');
    expect(p.resolution.orgs[0].app).toEqual({ label: 'Okta Workflows OAuth', id: '0oa8x2k4lq9ZrT3bN5d7', import: false });
  });

  test('custom cards supply their scopes', () => {
    const p = loadProjectText(
      `version: 1
orgs: [{name: prod, domain: acme.okta.com}]
customCards:
  - name: Okta/Read Brand
    scopes: [okta.brands.read]
flows:
  - {name: Branding, cards: [Okta/Read Brand]}
`,
      'scopes.yaml',
    );
    expect(p.resolution.orgs[0].scopes[0]).toEqual(
      expect.objectContaining({ scope: 'okta.brands.read', neededBy: [expect.objectContaining({ card: 'Read Brand', confidence: 'custom' })] }),
    );
  });
});
