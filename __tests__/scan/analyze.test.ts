import { readExport } from '../../src/sources/flows';
import { analyzeExports, displayPath, scanToJson, scanToText, type ScannedCard } from '../../src/app/scan';
import { OKTA, OPA, card, catalog, event, exportText, sampleExport, scanTexts } from './helpers';

const flow = (report: ReturnType<typeof scanTexts>, name: string) => {
  const f = report.exports.flatMap((e) => e.flows).find((x) => x.name === name);
  if (!f) throw new Error(`no flow ${name}`);
  return f;
};
const byKey = (cards: ScannedCard[], key: string): ScannedCard => {
  const c = cards.find((x) => x.key === key);
  if (!c) throw new Error(`no card ${key}`);
  return c;
};

describe('analyzeExports', () => {
  const report = scanTexts({ 'exports/a.flow': sampleExport() });

  it('keeps the Okta-family cards of each flow in walk order, counting the others', () => {
    const off = flow(report, 'Offboard contractor');
    expect(off.cards.map((c) => `${c.connector}/${c.key}`)).toEqual([
      'okta/userSuspended',
      'okta/readUser',
      'okta/hTTPRequest',
      'okta/deactivateUser',
      'okta/brandNewCard',
      'oktaprivilegedaccess/customApiAction',
    ]);
    expect(off.otherCards).toBe(1); // the Slack card
    expect(off).toMatchObject({ folder: 'Lifecycle', kind: 'event', id: 'f-off' });
  });

  it('names renamed cards canonically and keeps the author\'s title', () => {
    const read = byKey(flow(report, 'Offboard contractor').cards, 'readUser');
    expect(read).toMatchObject({ name: 'Read User', ref: 'Okta/Read User', title: 'Read Manager', scopes: ['okta.schemas.read', 'okta.users.read'] });
  });

  it('strips connector-builder suffixes before the catalog lookup', () => {
    const realm = byKey(flow(report, 'Audit logins').cards, 'listRealmUsers');
    expect(realm).toMatchObject({ connector: 'oktarealms', name: 'List Realm Users', ref: 'Okta Realms/List Realm Users', title: 'Realm people' });
    expect(realm.scopes).toContain('okta.users.read');
  });

  it("gives a wired Custom API call the matched endpoint and that endpoint's scopes", () => {
    const api = byKey(flow(report, 'Offboard contractor').cards, 'hTTPRequest');
    expect(api.customApi).toEqual({
      method: 'GET',
      path: '/api/v1/users/{Read Manager.ID}/factors',
      resolved: true,
      source: 'wired',
      endpoint: { method: 'GET', path: '/api/v1/users/{userId}/factors', operationId: 'listFactors' },
    });
    expect(api.scopes).toEqual(['okta.users.read']);
  });

  it('leaves a call known only at run time unresolved, with no scopes', () => {
    const dyn = byKey(flow(report, 'Audit logins').cards, 'hTTPRequest');
    expect(dyn.customApi).toMatchObject({ method: 'POST', path: null, resolved: false, placeholder: '{Helper Flow.relative URL}', endpoint: null });
    expect(dyn.scopes).toEqual([]);
  });

  it('gives event cards their scopes', () => {
    expect(byKey(flow(report, 'Offboard contractor').cards, 'userSuspended')).toMatchObject({ event: true, scopes: ['okta.eventHooks.manage'] });
  });

  it('lists unknown cards once per connector/key with count and first occurrence', () => {
    const again = exportText([{ id: 'z', name: 'Zeta', methods: [card(OKTA('brandNewCard'), { uuid: 'b', title: 'Renamed new card' })] }]);
    const r = scanTexts({ 'b.flow': again, 'a.flow': sampleExport() });
    expect(r.unknownCards).toEqual([
      { connector: 'okta', key: 'brandNewCard', title: 'Brand New Card', count: 2, file: 'a.flow', flow: 'Offboard contractor', reason: 'card-not-in-catalog' },
      { connector: 'oktaprivilegedaccess', key: 'customApiAction', title: 'OPA call', count: 1, file: 'a.flow', flow: 'Offboard contractor', reason: 'connector-not-covered' },
    ]);
  });

  it('does not match a Privileged Access call against Okta endpoints', () => {
    const opa = exportText([
      {
        id: 'p',
        name: 'OPA',
        methods: [
          card(OPA('customApiAction_KC4ijKL5WC'), {
            uuid: 'o',
            inputs: [
              { id: 'm', key: 'request_type_ABC123', data: 'GET' },
              { id: 'u', key: 'relative_url_9KSKGU', data: '/api/v1/groups' },
            ],
          }),
        ],
      },
    ]);
    const c = scanTexts({ 'o.flow': opa }).exports[0].flows[0].cards[0];
    expect(c.customApi?.endpoint).toBeNull();
    expect(c.scopes).toEqual([]);
    expect(c.unknown).toBe('connector-not-covered');
  });

  it('gives an Okta event card the catalog does not know the connector event scopes', () => {
    const r = scanTexts({ 'e.flow': exportText([{ id: 'e', name: 'E', methods: [event('someFutureEvent', 'Future Event')] }]) });
    const c = r.exports[0].flows[0].cards[0];
    expect(c).toMatchObject({ name: null, unknown: 'card-not-in-catalog', scopes: ['okta.eventHooks.manage'] });
  });

  it('leaves stubs out of the flows but names them, and totals everything', () => {
    expect(report.exports[0].flows.map((f) => f.name)).toEqual(['Audit logins', 'Offboard contractor']);
    expect(report.exports[0].stubs).toEqual(['Called elsewhere']);
    expect(report.totals).toEqual({
      exports: 1,
      flows: 2,
      stubFlows: 1,
      oktaCards: 9,
      catalogConnectorCards: 8,
      distinctCards: 8, // two Custom API Action cards
      customApiCards: 3,
      customApiMatched: 1,
      customApiUnresolved: 2,
      unknownCards: 2,
      otherCards: 1,
      errors: 0,
      scopes: ['okta.eventHooks.manage', 'okta.logs.read', 'okta.realms.read', 'okta.schemas.read', 'okta.users.manage', 'okta.users.read'],
    });
  });

  it('reports unreadable exports as errors with their position, and keeps the others', () => {
    const results = [
      readExport('{"type": "flopack", "version": "1.5.0", "data": {"flos": {', '/work/cut.flow'),
      readExport('{"type": "zip"}', '/work/other.flow'),
      readExport(sampleExport(), '/work/good.flow'),
    ];
    const r = analyzeExports(results, catalog, '/work');
    expect(r.exports.map((e) => e.file)).toEqual(['good.flow']);
    expect(r.errors.map((e) => [e.file, e.code])).toEqual([
      ['cut.flow', 'truncated'],
      ['other.flow', 'not-flopack'],
    ]);
    expect(r.errors[0].line).toBe(1);
  });

  it('sorts exports by file and flows by name then id', () => {
    const twins = exportText([
      { id: 'b', name: 'Same', methods: [] },
      { id: 'a', name: 'Same', methods: [] },
      { id: 'c', name: 'Alpha', methods: [] },
    ]);
    const r = scanTexts({ 'z.flow': twins, 'm/a.flow': twins });
    expect(r.exports.map((e) => e.file)).toEqual(['m/a.flow', 'z.flow']);
    expect(r.exports[0].flows.map((f) => f.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('displayPath', () => {
  it('is relative inside the working folder and absolute outside it', () => {
    expect(displayPath('/work/x/a.flow', '/work')).toBe('x/a.flow');
    expect(displayPath('/other/a.flow', '/work')).toBe('/other/a.flow');
    expect(displayPath('/work/..dots/a.flow', '/work')).toBe('..dots/a.flow');
  });
});

describe('scan output', () => {
  const report = scanTexts({ 'a.flow': sampleExport() });

  it('JSON has the documented shape and is stable', () => {
    const text = scanToJson(report);
    expect(scanToJson(scanTexts({ 'a.flow': sampleExport() }))).toBe(text);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['exports', 'unknownCards', 'errors', 'skipped', 'totals']);
    expect(Object.keys(doc.exports[0])).toEqual(['file', 'version', 'flows', 'stubs', 'warnings']);
    expect(Object.keys(doc.exports[0].flows[0])).toEqual(['name', 'id', 'folder', 'kind', 'cards', 'otherCards']);
    const read = doc.exports[0].flows[1].cards[1];
    expect(read).toEqual({
      connector: 'okta',
      key: 'readUser',
      name: 'Read User',
      ref: 'Okta/Read User',
      title: 'Read Manager',
      event: false,
      scopes: ['okta.schemas.read', 'okta.users.read'],
      customApi: null,
    });
  });

  it('text names every flow with Okta cards, the renamed titles, unknown cards and totals', () => {
    const text = scanToText(report);
    expect(text).toContain('flow "Offboard contractor" in Lifecycle (event)');
    expect(text).toMatch(/Okta\/Read User +okta\.schemas\.read okta\.users\.read +titled "Read Manager"/);
    expect(text).toContain('Okta/Custom API Action GET /api/v1/users/{Read Manager.ID}/factors');
    expect(text).toContain('Okta/Custom API Action POST {Helper Flow.relative URL}');
    expect(text).toContain('path known only at run time');
    expect(text).toContain('oktaprivilegedaccess/customApiAction  1 card, not covered by the catalog');
    expect(text).toContain('references 1 flow it does not contain: Called elsewhere');
    expect(text).toContain('1 export, 2 flows (+1 referenced, not exported), 9 Okta-family cards');
  });
});
