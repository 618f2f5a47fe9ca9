import { parse } from 'yaml';
import { parseManifest } from '../../src/core/manifest/load';
import type { Manifest } from '../../src/core/manifest/types';
import { HINT_PREFIX, mergeDeclaration, orgNameFromDomain, type MergeResult, type ScanReport } from '../../src/app/scan';
import { OKTA, card, catalog, customApi, event, exportText, sampleExport, scanTexts } from './helpers';

const HAND_WRITTEN = `# Our Okta Workflows declaration: keep this header
version: 1

orgs:
  - name: prod
    domain: acme.okta.com   # production org
    app:
      id: 0oa8x2k4lq9ZrT3bN5d7
  - name: preview
    domain: acme.oktapreview.com

flows:
  # Offboarding is owned by the IAM team
  - name: Offboard contractor
    folder: Lifecycle
    cards:
      - Okta/Read User   # reads the manager
      - Okta/Clear User Sessions

  - name: Hand written flow
    orgs: [prod]
    cards:
      - Okta/Search Groups

extraScopes:
  - scope: okta.apps.read
    reason: Quarterly access report   # keep this reason

customCards:
  - name: Okta/Brand New Card
    key: brandNewCard
    scopes: [okta.users.read]

policy:
  deny:
    - okta.roles.manage   # never
`;

function manifestOf(text: string): Manifest {
  const r = parseManifest(text, 'scopes.yaml', catalog);
  if (!r.manifest) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.manifest;
}

function merge(text: string | undefined, report: ScanReport): MergeResult {
  return text === undefined
    ? mergeDeclaration({ report, catalog, file: 'scopes.yaml', org: { name: 'acme', domain: 'acme.okta.com' } })
    : mergeDeclaration({ report, catalog, file: 'scopes.yaml', existing: { text, manifest: manifestOf(text) } });
}

const errors = (r: MergeResult) => r.validation.diagnostics.filter((d) => d.severity === 'error');

type FlowJs = { name: string; folder?: string; trigger?: string; orgs?: string[]; cards?: unknown[] };
const flowsOf = (text: string): FlowJs[] => (parse(text) as { flows: FlowJs[] }).flows;
const flowNamed = (text: string, name: string): FlowJs => {
  const f = flowsOf(text).find((x) => x.name === name);
  if (!f) throw new Error(`no flow ${name} in\n${text}`);
  return f;
};

describe('mergeDeclaration: a new declaration', () => {
  const report = scanTexts({ 'a.flow': sampleExport() });
  const r = merge(undefined, report);

  it('is accepted by check', () => {
    expect(errors(r)).toEqual([]);
    expect(r.created).toBe(true);
    expect(r.changed).toBe(true);
  });

  it('declares the org and each flow with its folder, trigger and canonical cards', () => {
    const doc = parse(r.text) as { version: number; orgs: unknown[] };
    expect(doc.version).toBe(1);
    expect(doc.orgs).toEqual([{ name: 'acme', domain: 'acme.okta.com' }]);
    expect(flowNamed(r.text, 'Offboard contractor')).toEqual({
      name: 'Offboard contractor',
      folder: 'Lifecycle',
      trigger: 'Okta/User Suspended',
      cards: ['Okta/Read User', { 'Okta/Custom API Action': 'GET /api/v1/users/{userId}/factors' }, 'Okta/Deactivate User'],
    });
    expect(flowNamed(r.text, 'Audit logins')).toEqual({
      name: 'Audit logins',
      folder: 'Audit',
      cards: ['Okta/Search System Logs', 'Okta Realms/List Realm Users'],
    });
    expect(r.flowsAdded).toEqual(['"Audit logins" in Audit', '"Offboard contractor" in Lifecycle']);
  });

  it('leaves calls known only at run time and unknown cards out, with a comment on the flow', () => {
    expect(r.text).toContain(
      `  # ${HINT_PREFIX} Custom API Action "Custom API Action" calls POST {Helper Flow.relative URL}, known only at run time; add the call by hand`,
    );
    expect(r.text).toContain(`# ${HINT_PREFIX} "Brand New Card" (okta/brandNewCard) is not in the catalog; declare it under customCards`);
    expect(r.text).toContain(`# ${HINT_PREFIX} "OPA call" (oktaprivilegedaccess/customApiAction) is not covered by the catalog`);
    // The hint sits right above its flow.
    expect(r.text).toMatch(/known only at run time[^\n]*\n {2}- name: Audit logins\n/);
    expect(r.hints.map((h) => h.flow)).toEqual(['"Audit logins" in Audit', '"Offboard contractor" in Lifecycle', '"Offboard contractor" in Lifecycle']);
  });

  it('is byte-identical when merged again, and then reports no change', () => {
    const again = merge(r.text, report);
    expect(again.changed).toBe(false);
    expect(again.text).toBe(r.text);
    expect(again.flowsAdded).toEqual([]);
    expect(again.hints).toEqual([]);
    expect(again.stale).toEqual([]);
  });

  it('does not depend on the order of the exports', () => {
    const split = scanTexts({
      'z.flow': exportText([{ id: 'x', name: 'Zed', methods: [card(OKTA('readUser'), { uuid: 'r' })] }]),
      'a.flow': sampleExport(),
    });
    const flipped = scanTexts({
      'a.flow': exportText([{ id: 'x', name: 'Zed', methods: [card(OKTA('readUser'), { uuid: 'r' })] }]),
      'z.flow': sampleExport(),
    });
    expect(merge(undefined, split).text).toBe(merge(undefined, flipped).text);
  });

  it('derives an org name from the domain only when it is a valid name', () => {
    expect(orgNameFromDomain('acme.okta.com')).toBe('acme');
    expect(orgNameFromDomain('https://Acme-Dev.oktapreview.com')).toBe('acme-dev');
    expect(orgNameFromDomain('123.okta.com')).toBe('prod');
  });
});

describe('mergeDeclaration: into a hand-written declaration', () => {
  const report = scanTexts({ 'a.flow': sampleExport() });
  const r = merge(HAND_WRITTEN, report);

  it('is accepted by check', () => {
    expect(errors(r)).toEqual([]);
    expect(r.created).toBe(false);
    expect(r.changed).toBe(true);
  });

  it('keeps every comment', () => {
    for (const comment of [
      '# Our Okta Workflows declaration: keep this header',
      '# production org',
      '# Offboarding is owned by the IAM team',
      '# reads the manager',
      '# keep this reason',
      '# never',
    ]) {
      expect(r.text).toContain(comment);
    }
  });

  it('keeps orgs, extraScopes, customCards, policy and the hand-written flow', () => {
    const before = parse(HAND_WRITTEN) as Record<string, unknown>;
    const after = parse(r.text) as Record<string, unknown>;
    for (const key of ['version', 'orgs', 'extraScopes', 'customCards', 'policy']) expect(after[key]).toEqual(before[key]);
    expect(flowNamed(r.text, 'Hand written flow')).toEqual({ name: 'Hand written flow', orgs: ['prod'], cards: ['Okta/Search Groups'] });
  });

  it('adds the missing trigger and cards to the existing flow, keeping hand-written ones, and reports them stale', () => {
    expect(flowNamed(r.text, 'Offboard contractor')).toEqual({
      name: 'Offboard contractor',
      folder: 'Lifecycle',
      trigger: 'Okta/User Suspended',
      cards: [
        'Okta/Read User',
        'Okta/Clear User Sessions',
        { 'Okta/Custom API Action': 'GET /api/v1/users/{userId}/factors' },
        'Okta/Deactivate User',
        // Known through customCards by its key, so declared rather than hinted at.
        'Okta/Brand New Card',
      ],
    });
    expect(r.text).not.toContain('"Brand New Card" (okta/brandNewCard) is not in the catalog');
    expect(r.flowsUpdated).toEqual([
      {
        flow: '"Offboard contractor" in Lifecycle',
        added: ['Okta/User Suspended', 'Okta/Custom API Action: GET /api/v1/users/{userId}/factors', 'Okta/Deactivate User', 'Okta/Brand New Card'],
      },
    ]);
    expect(r.stale).toEqual([{ flow: 'Offboard contractor', folder: 'Lifecycle', card: 'Okta/Clear User Sessions', line: 18 }]);
  });

  it('appends new flows after the hand-written ones', () => {
    expect(flowsOf(r.text).map((f) => f.name)).toEqual(['Offboard contractor', 'Hand written flow', 'Audit logins']);
  });

  it('is byte-identical when merged again', () => {
    const again = merge(r.text, report);
    expect(again.changed).toBe(false);
    expect(again.text).toBe(r.text);
    expect(again.stale).toEqual(r.stale.map((s) => ({ ...s, line: expect.any(Number) })));
  });

  it('creates `flows:` after `orgs:` when the declaration has none', () => {
    const bare = 'version: 1\n# the orgs\norgs:\n  - name: prod\n    domain: acme.okta.com\nextraScopes:\n  - scope: okta.apps.read\n    reason: x\n';
    const m = merge(bare, report);
    expect(errors(m)).toEqual([]);
    expect(Object.keys(parse(m.text) as object)).toEqual(['version', 'orgs', 'flows', 'extraScopes']);
    expect(m.text).toContain('# the orgs');
  });

  it('treats a flow of the same name in another folder as another flow', () => {
    const other = HAND_WRITTEN.replace('folder: Lifecycle', 'folder: Elsewhere');
    const m = merge(other, report);
    expect(flowsOf(m.text).filter((f) => f.name === 'Offboard contractor').map((f) => f.folder)).toEqual(['Elsewhere', 'Lifecycle']);
    expect(m.stale).toEqual([]); // the Elsewhere flow matched no export: nothing to call stale
  });

  it('matches a declared flow without a folder by name', () => {
    const noFolder = HAND_WRITTEN.replace('    folder: Lifecycle\n', '');
    const m = merge(noFolder, report);
    expect(flowsOf(m.text).filter((f) => f.name === 'Offboard contractor')).toHaveLength(1);
    expect(flowNamed(m.text, 'Offboard contractor').trigger).toBe('Okta/User Suspended');
  });

  it('does not replace a different declared trigger: it reports the conflict', () => {
    const withTrigger = HAND_WRITTEN.replace('    folder: Lifecycle\n', '    folder: Lifecycle\n    trigger: Okta/User Created\n');
    const m = merge(withTrigger, report);
    expect(flowNamed(m.text, 'Offboard contractor').trigger).toBe('Okta/User Created');
    expect(m.conflicts).toEqual([
      { flow: '"Offboard contractor" in Lifecycle', message: "the export's event card is `Okta/User Suspended` but the flow's trigger is `Okta/User Created`; left as declared" },
    ]);
    expect(errors(m)).toEqual([]);
  });

  it('adds to a flow-style card list without breaking it', () => {
    const flowStyle = HAND_WRITTEN.replace('    cards:\n      - Okta/Search Groups\n', '    cards: [Okta/Search Groups]\n').replace(
      'name: Hand written flow',
      'name: Audit logins\n    folder: Audit',
    );
    const m = merge(flowStyle, report);
    expect(errors(m)).toEqual([]);
    expect(flowNamed(m.text, 'Audit logins').cards).toEqual(['Okta/Search Groups', 'Okta/Search System Logs', 'Okta Realms/List Realm Users']);
  });

  it('does not create a flow whose only Okta-family cards are outside the catalog', () => {
    const opaOnly = scanTexts({
      'p.flow': exportText([{ id: 'p', name: 'OPA only', methods: [card('root:channels:http:oktaprivilegedaccess:1.0.3:listGroups_AbCdEfGh12', { uuid: 'o' })] }]),
    });
    const m = merge(HAND_WRITTEN, opaOnly);
    expect(m.changed).toBe(false);
    expect(flowsOf(m.text).map((f) => f.name)).not.toContain('OPA only');
  });

  it('writes an unknown event card as the trigger, with a comment, so its event scope is granted', () => {
    const ev = scanTexts({ 'e.flow': exportText([{ id: 'e', name: 'Future', methods: [event('someFutureEvent', 'Future Event'), customApi('c', 'GET', '/api/v1/logs')] }]) });
    const m = merge(HAND_WRITTEN, ev);
    expect(errors(m)).toEqual([]);
    expect(flowNamed(m.text, 'Future')).toEqual({ name: 'Future', trigger: 'Okta/Future Event', cards: [{ 'Okta/Custom API Action': 'GET /api/v1/logs' }] });
    expect(m.text).toContain(
      "event card \"Future Event\" (okta/someFutureEvent) is not in the catalog; written as the trigger, it gets the connector's event scopes (okta.eventHooks.manage)",
    );
    // The loader grants the connector's event scopes to it (with a warning that it is not in the catalog).
    const flow = m.validation.manifest?.flows.find((f) => f.name === 'Future');
    expect(flow?.trigger).toMatchObject({ origin: 'unknown-event', connector: 'okta', name: 'Future Event' });
    // A second run adds nothing: the trigger and the comment are already there.
    const again = merge(m.text, ev);
    expect(again.changed).toBe(false);
  });

  it('names an unknown event with a blank title by its key', () => {
    const ev = scanTexts({ 'e.flow': exportText([{ id: 'e', name: 'Untitled', methods: [event('someFutureEvent', '  ')] }]) });
    const m = merge(undefined, ev);
    expect(errors(m)).toEqual([]);
    expect(flowNamed(m.text, 'Untitled').trigger).toBe('Okta/someFutureEvent');
  });
});

describe('mergeDeclaration: stale entries', () => {
  it('reports the entries of a declared flow whose export has no Okta-family card left', () => {
    const bare = scanTexts({ 'b.flow': exportText([{ id: 'h', name: 'Hand written flow', methods: [card('root:channels:http:slack:1.2.0:postMessage', { uuid: 's' })] }]) });
    const m = merge(HAND_WRITTEN, bare);
    expect(m.changed).toBe(false);
    expect(m.stale).toEqual([{ flow: 'Hand written flow', card: 'Okta/Search Groups', line: 23 }]);
  });
});
