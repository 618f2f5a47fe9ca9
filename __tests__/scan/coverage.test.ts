import type { Log } from 'sarif';
import { loadProjectText } from '../../src/core/project';
import {
  checkCoverage,
  coverageToJson,
  coverageToMarkdown,
  coverageToSarif,
  coverageToText,
  formatCoverage,
  flowsKeyLoc,
  hasLikely403,
  type CoverageReport,
  type ScanReport,
  type UncoveredCard,
} from '../../src/app/scan';
import { sarifValidator } from '../support/sarif-validator';
import { OKTA, card, catalog, customApi, exportText, helperWiredApi, sampleExport, scanTexts } from './helpers';

const DECLARATION = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
  - name: dev
    domain: acme-dev.oktapreview.com
flows:
  - name: Offboard contractor
    folder: Lifecycle
    trigger: Okta/User Suspended
    cards:
      - Okta/Read User
      - Okta/Search Groups
  - name: Gone flow
    cards: [Okta/Read User]
extraScopes:
  - scope: okta.logs.read
    reason: Log exports in production
    orgs: [prod]
`;

function coverage(text: string, report: ScanReport, file = 'scopes.yaml'): CoverageReport {
  const project = loadProjectText(text, file, { catalog, lenient: true });
  return checkCoverage(report, project.manifest, project.resolution, catalog, flowsKeyLoc(text, file));
}

const find = (r: CoverageReport, flow: string, card: string): UncoveredCard => {
  const u = r.uncovered.find((x) => x.flow === flow && x.card.startsWith(card));
  if (!u) throw new Error(`no uncovered ${card} in ${flow}: ${JSON.stringify(r.uncovered.map((x) => [x.flow, x.card]))}`);
  return u;
};

describe('checkCoverage', () => {
  const report = scanTexts({ 'exports/a.flow': sampleExport() });
  const r = coverage(DECLARATION, report);

  it('counts declared cards as covered, by flow name and folder', () => {
    expect(r.cards).toBe(9);
    // User Suspended and Read User; the OPA card is not checked.
    expect(r.covered).toBe(2);
    expect(r.uncovered.map((u) => [u.flow, u.card, u.status])).toEqual([
      // okta.realms.read is a connection default, but the stack lists it only for declared Realms cards:
      // an apply revokes it, so the undeclared card would fail.
      ['Audit logins', 'Okta Realms/List Realm Users', 'likely-403'],
      ['Audit logins', 'Okta/Custom API Action POST {Helper Flow.relative URL}', 'unknown-scopes'],
      ['Audit logins', 'Okta/Search System Logs', 'likely-403'],
      ['Offboard contractor', 'Okta/Custom API Action GET /api/v1/users/{Read Manager.ID}/factors', 'granted-anyway'],
      ['Offboard contractor', 'Okta/Deactivate User', 'likely-403'],
      ['Offboard contractor', 'okta/brandNewCard', 'unknown-scopes'],
    ]);
  });

  it('says in which org a needed scope is not granted', () => {
    expect(find(r, 'Offboard contractor', 'Okta/Deactivate User').missing).toEqual([
      { org: 'prod', scopes: ['okta.users.manage'] },
      { org: 'dev', scopes: ['okta.users.manage'] },
    ]);
    // Granted in prod through extraScopes, not in dev.
    expect(find(r, 'Audit logins', 'Okta/Search System Logs').missing).toEqual([{ org: 'dev', scopes: ['okta.logs.read'] }]);
  });

  it('treats auto-granted scopes and a broader .manage as granted', () => {
    // okta.realms.read is auto-granted; okta.users.read comes from the declared Read User.
    expect(find(r, 'Audit logins', 'Okta Realms').scopes).toEqual(['okta.realms.read', 'okta.users.read']);
    const text = DECLARATION.replace('      - Okta/Read User\n      - Okta/Search Groups', '      - Okta/Update User\n      - Okta/Search Groups');
    const x = coverage(text, report);
    expect(find(x, 'Offboard contractor', 'Okta/Read User').status).toBe('granted-anyway');
  });

  it('only looks at the orgs a declared flow runs in', () => {
    const text = DECLARATION.replace('    folder: Lifecycle\n', '    folder: Lifecycle\n    orgs: [dev]\n');
    expect(find(coverage(text, report), 'Offboard contractor', 'Okta/Deactivate User').missing).toEqual([{ org: 'dev', scopes: ['okta.users.manage'] }]);
  });

  it('locates uncovered cards at the flow, or at `flows:` when the flow is not declared', () => {
    expect(find(r, 'Offboard contractor', 'Okta/Deactivate User')).toMatchObject({ flowDeclared: true, loc: { file: 'scopes.yaml', line: 8, column: 5 } });
    expect(find(r, 'Audit logins', 'Okta/Search System Logs')).toMatchObject({ flowDeclared: false, loc: { file: 'scopes.yaml', line: 7, column: 1 } });
  });

  it('reports stale entries and declared flows no export contains', () => {
    expect(r.stale).toEqual([{ flow: 'Offboard contractor', folder: 'Lifecycle', card: 'Okta/Search Groups', loc: { file: 'scopes.yaml', line: 13, column: 9 } }]);
    expect(r.flowsNotInExports).toEqual([{ flow: 'Gone flow', loc: { file: 'scopes.yaml', line: 14, column: 5 } }]);
    expect(r.notChecked).toEqual([
      {
        file: 'exports/a.flow',
        flow: 'Offboard contractor',
        card: 'oktaprivilegedaccess/customApiAction ? (no URL)',
        title: 'OPA call',
        reason: 'connector oktaprivilegedaccess is not covered by the catalog',
      },
    ]);
  });

  it('fails only on likely 403s and unknown scopes', () => {
    expect(hasLikely403(r)).toBe(true);
    const full = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
flows:
  - name: Offboard contractor
    folder: Lifecycle
    trigger: Okta/User Suspended
    cards:
      - Okta/Read User
      - Okta/Deactivate User
`;
    const small = scanTexts({
      'b.flow': exportText([
        { id: 'o', name: 'Offboard contractor', group: 'g', methods: [card(OKTA('userSuspended'), { uuid: 'e', webhook: true }), card(OKTA('readUser'), { uuid: 'r' }), card(OKTA('deactivateUser'), { uuid: 'd' })] },
      ], { g: 'Lifecycle' }),
    });
    const ok = coverage(full, small);
    expect(ok.uncovered).toEqual([]);
    expect(hasLikely403(ok)).toBe(false);
    // Granted anyway (Update User covers Read User through .manage): reported, not failing.
    const granted = coverage(full.replace('      - Okta/Read User\n', '      - Okta/Update User\n'), small);
    expect(granted.uncovered.map((u) => u.status)).toEqual(['granted-anyway']);
    expect(hasLikely403(granted)).toBe(false);
    expect(granted.stale.map((s) => s.card)).toEqual(['Okta/Update User']);
  });

  it('counts a call known only at run time as covered when the flow declares a call by hand', () => {
    const flows = scanTexts({ 'h.flow': exportText([{ id: 'h', name: 'Helper', methods: helperWiredApi('x', 'GET') }]) });
    const base = 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: Helper\n';
    expect(coverage(base, flows).uncovered.map((u) => u.status)).toEqual(['unknown-scopes']);
    const declared = coverage(`${base}    cards:\n      - Okta/Custom API Action: GET /api/v1/groups\n`, flows);
    expect(declared.uncovered).toEqual([]);
    // And that declared call is not called stale: it may be the one the card makes.
    expect(declared.stale).toEqual([]);
  });

  it('matches declared calls by endpoint, whatever ids the declaration wrote', () => {
    const flows = scanTexts({ 'c.flow': exportText([{ id: 'c', name: 'Calls', methods: [customApi('c1', 'GET', '/api/v1/users/00u123/factors')] }]) });
    const text = 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: Calls\n    cards:\n      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors\n';
    expect(coverage(text, flows).uncovered).toEqual([]);
  });
});

describe('coverage formats', () => {
  const report = scanTexts({ 'exports/a.flow': sampleExport() });
  const r = coverage(DECLARATION, report);
  // The CLI makes SARIF URIs relative to the folder it scans from, as the export paths are.
  const ctx = { toolVersion: '0.1.0', baseDir: '/work' };

  it('text says what is undeclared, where, and the likely effect', () => {
    const text = coverageToText(r);
    expect(text).toContain(
      'scopes.yaml:8:5: NOT DECLARED (likely 403): Okta/Deactivate User is not declared in flow "Offboard contractor" (folder Lifecycle): ' +
        'scope okta.users.manage not granted in org prod; okta.users.manage not granted in org dev → likely 403 insufficient_scope at run time. Used in exports/a.flow.',
    );
    expect(text).toContain('scopes.yaml:7:1: NOT DECLARED (likely 403): Okta/Search System Logs is used by flow "Audit logins" (folder Audit), which is not declared');
    expect(text).toContain('NOT DECLARED (likely 403): Okta Realms/List Realm Users is used by flow "Audit logins" (folder Audit), which is not declared (card titled "Realm people"): scope okta.realms.read not granted in org prod');
    expect(text).toContain('scopes.yaml:13:9: STALE: Okta/Search Groups');
    expect(text).toContain('scopes.yaml:14:5: NOT IN EXPORTS: flow "Gone flow"');
    expect(text).toContain('6 not declared (3 likely 403, 2 unknown scopes, 1 granted anyway); 1 stale');
  });

  it('JSON lists every finding with its line', () => {
    const doc = JSON.parse(coverageToJson(r));
    expect(Object.keys(doc)).toEqual(['declaration', 'exports', 'cards', 'covered', 'uncovered', 'stale', 'flowsNotInExports', 'notChecked', 'errors', 'summary', 'findings']);
    expect(doc.findings.filter((f: { rule: string }) => f.rule === 'WFS201')).toHaveLength(5);
    expect(doc.summary).toEqual({ uncovered: 6, likely403: 3, grantedAnyway: 1, unknownScopes: 2, stale: 1, likely403Exit: true });
    const deact = doc.uncovered.find((u: { card: string }) => u.card === 'Okta/Deactivate User');
    expect(deact).toMatchObject({ file: 'exports/a.flow', flow: 'Offboard contractor', folder: 'Lifecycle', status: 'likely-403', line: 8, column: 5, flowDeclared: true });
  });

  it('markdown escapes user text', () => {
    const odd = scanTexts({ 'x.flow': exportText([{ id: 'x', name: 'Flow | with *stars*', methods: [card(OKTA('readUser'), { uuid: 'r' })] }]) });
    const md = coverageToMarkdown(coverage(DECLARATION, odd));
    expect(md).toContain('| Flow \\| with \\*stars\\* (not declared) | Okta/Read User | granted anyway |');
    expect(coverageToMarkdown(r)).toContain('| Offboard contractor | Okta/Deactivate User | **likely 403** | `okta.users.manage` not granted in prod<br>`okta.users.manage` not granted in dev |');
  });

  it('github: a summary line, then one annotation per finding with the same rule ids as SARIF', () => {
    const out = formatCoverage('github', coverage(DECLARATION, report), ctx).trimEnd().split('\n');
    expect(out[0]).toMatch(/^wf-scopes scan --check: scopes\.yaml against 1 export: /);
    const kinds = out.slice(1).map((l) => l.slice(0, l.indexOf(' ')));
    expect(kinds.filter((k) => k === '::error')).toHaveLength(5);
    expect(kinds.filter((k) => k === '::warning')).toHaveLength(1);
    expect(out[1]).toMatch(/^::(error|warning) file=scopes\.yaml,line=\d+,col=\d+,title=/);
  });

  describe('SARIF', () => {
    const validate = sarifValidator();
    const log = JSON.parse(coverageToSarif(coverage(DECLARATION, report, '/work/config/scopes.yaml'), ctx)) as Log;
    const results = log.runs[0].results ?? [];

    it('validates against the SARIF 2.1.0 schema', () => {
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });

    it('is an error per likely 403, a warning per card granted anyway, notes for the rest', () => {
      expect(results.map((x) => [x.ruleId, x.level])).toEqual([
        ['WFS201', 'error'],
        ['WFS201', 'error'],
        ['WFS201', 'error'],
        ['WFS202', 'warning'],
        ['WFS201', 'error'],
        ['WFS201', 'error'],
        ['WFS203', 'note'],
        ['WFS204', 'note'],
        ['WFS205', 'note'],
      ]);
      for (const x of results) expect(log.runs[0].tool.driver.rules?.[x.ruleIndex ?? -1]?.id).toBe(x.ruleId);
    });

    it('locates results in scopes.yaml, with the export as related location', () => {
      const deact = results.find((x) => (x.message.text ?? "").startsWith('Okta/Deactivate User'));
      expect(deact?.locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: 'config/scopes.yaml' }, region: { startLine: 8, startColumn: 5 } });
      expect(deact?.relatedLocations?.[0].physicalLocation?.artifactLocation?.uri).toBe('exports/a.flow');
      const undeclaredFlow = results.find((x) => (x.message.text ?? "").startsWith('Okta/Search System Logs'));
      expect(undeclaredFlow?.locations?.[0].physicalLocation?.region).toEqual({ startLine: 7, startColumn: 1 });
    });

    it('is byte-identical across runs', () => {
      const once = coverageToSarif(coverage(DECLARATION, report, '/work/config/scopes.yaml'), ctx);
      expect(coverageToSarif(coverage(DECLARATION, report, '/work/config/scopes.yaml'), ctx)).toBe(once);
      expect(once.startsWith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n')).toBe(true);
    });
  });
});
