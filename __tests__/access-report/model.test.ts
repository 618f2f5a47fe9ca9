import { generatedAt, parseDriftJson } from '../../src/app/report';
import { evidenceRank, isWeakEvidence, strongest } from '../../src/app/report/evidence';
import { UserError, formatDiagnostics } from '../../src/util/diagnostics';
import { EXAMPLE, exampleDrift, reportOf } from './build';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return formatDiagnostics(e.diagnostics);
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('the report model', () => {
  test('totals per org: scopes by risk, flows, distinct cards', () => {
    const r = reportOf(EXAMPLE);
    expect(r.orgs.map((o) => [o.name, o.totals])).toEqual([
      ['prod', { scopes: 12, byRisk: { high: 3, medium: 6, low: 3 }, flows: 5, cards: 17 }],
      ['preview', { scopes: 9, byRisk: { high: 3, medium: 5, low: 1 }, flows: 3, cards: 13 }],
    ]);
  });

  test("evidence is the catalog's per scope, not the card's weakest; a kept connection default is no extraScopes reason", () => {
    const prod = reportOf(EXAMPLE).orgs.find((o) => o.name === 'prod')!;
    const cardsOf = (scope: string) => prod.scopes.find((s) => s.scope === scope)!.neededBy.flatMap((f) => f.cards);
    // Read User: okta.users.read from its endpoint, okta.schemas.read by analogy with Create User.
    expect(cardsOf('okta.users.read').find((c) => c.card === 'Okta/Read User')?.evidence).toBe('inferred');
    expect(cardsOf('okta.schemas.read').find((c) => c.card === 'Okta/Read User')?.evidence).toBe('analogy');
    const realms = prod.scopes.find((s) => s.scope === 'okta.realms.read')!;
    expect(realms.reasons).toEqual([]);
    expect(realms.keptDefault).toBe('granted by default with the Okta Realms connection; listed so that an apply keeps it');
  });

  test('--org keeps one org', () => {
    expect(reportOf(EXAMPLE, { orgs: ['preview'] }).orgs.map((o) => o.name)).toEqual(['preview']);
  });

  test('a drift result computed for another declaration is refused, not shown', () => {
    const stale = JSON.parse(exampleDrift()) as { orgs: { required: string[]; app: { id: string }; name: string }[] };
    stale.orgs[0].required = stale.orgs[0].required.filter((s) => s !== 'okta.logs.read').concat('okta.brands.read');
    const staleText = JSON.stringify(stale, null, 2);
    // Located at the value of `required`: its line, and the column of its `[`.
    expect(failure(() => reportOf(EXAMPLE, { drift: staleText }))).toBe(
      `drift.json:${lineOf(staleText, '"required"')}:19: error: \`orgs[0].required\`: org \`prod\`: the drift was computed for another version of scopes.yaml (it now also requires okta.logs.read; no longer requires okta.brands.read)\n` +
        '  rerun `wf-scopes diff --format json` against this scopes.yaml and pass its output\n',
    );
    const otherApp = JSON.parse(exampleDrift()) as typeof stale;
    otherApp.orgs[0].app.id = '0oaOTHERAPP12345';
    expect(failure(() => reportOf(EXAMPLE, { drift: JSON.stringify(otherApp) }))).toContain('the drift is about app 0oaOTHERAPP12345, but scopes.yaml declares app 0oa8x2k4lq9ZrT3bN5d7');
    const unknownOrg = JSON.parse(exampleDrift()) as typeof stale;
    unknownOrg.orgs[0].name = 'staging';
    expect(failure(() => reportOf(EXAMPLE, { drift: JSON.stringify(unknownOrg) }))).toContain('org `staging` is not declared in scopes.yaml');
  });

  test('an org the drift result does not cover is "not checked", never in sync', () => {
    const r = reportOf(EXAMPLE, { drift: exampleDrift() });
    expect(r.orgs[1].drift).toEqual({ kind: 'not-checked', why: 'drift.json has no result for this org' });
    expect(r.orgs[1].scopes.every((s) => s.status.kind === 'not-checked')).toBe(true);
  });
});

/** The 1-based line of the first line holding `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('parseDriftJson', () => {
  test('a syntax error is located by line and column', () => {
    expect(failure(() => parseDriftJson('{\n  "orgs": [\n    {"name": }\n  ]\n}\n', 'drift.json'))).toMatch(/^drift\.json:3:14: error: not valid JSON/);
  });

  test('an empty or cut-short file says the diff may have failed', () => {
    expect(failure(() => parseDriftJson('', 'drift.json'))).toContain('drift.json: is empty\n  the diff may have failed');
    expect(failure(() => parseDriftJson('{"orgs": [', 'drift.json'))).toContain('the file is cut short: the diff may have failed, rerun it');
  });

  test('a wrong shape names the field', () => {
    const doc = JSON.parse(exampleDrift()) as { orgs: { missing: { scope: unknown }[] }[] };
    doc.orgs[0].missing[1].scope = 7;
    const text = JSON.stringify(doc, null, 2);
    expect(failure(() => parseDriftJson(text, 'drift.json'))).toBe(
      `drift.json:${lineOf(text, '"scope": 7')}:20: error: orgs[0].missing[1].scope must be a non-empty string\n  pass the output of \`wf-scopes diff --format json\` (unchanged)\n`,
    );
    expect(failure(() => parseDriftJson('[]', 'd.json'))).toContain('d.json: the top level must be an object');
  });
});

describe('evidence levels', () => {
  test('stated beats template beats custom beats inferred beats analogy; unknown levels rank last but still show', () => {
    expect(strongest(['inferred', 'stated'])).toBe('stated');
    expect(strongest(['analogy', 'template', 'inferred'])).toBe('template');
    expect(strongest(['someday'])).toBe('someday');
    expect(evidenceRank('someday')).toBeGreaterThan(evidenceRank('analogy'));
    expect([isWeakEvidence('stated'), isWeakEvidence('inferred'), isWeakEvidence('analogy'), isWeakEvidence('reason')]).toEqual([false, true, true, false]);
  });
});

describe('generated-at', () => {
  const clock = () => Date.UTC(2026, 11, 2, 9, 30, 15, 999);
  test('--now, then WF_SCOPES_TODAY, then the clock; one instant gives both the stamp and the expiry day', () => {
    expect(generatedAt('2026-12-31', '2026-01-01', clock)).toEqual({ generatedAt: '2026-12-31', today: '2026-12-31' });
    expect(generatedAt('2026-12-31T23:30:00-02:00', undefined, clock)).toEqual({ generatedAt: '2027-01-01T01:30:00Z', today: '2027-01-01' });
    expect(generatedAt(undefined, '2026-01-01', clock)).toEqual({ generatedAt: '2026-01-01', today: '2026-01-01' });
    expect(generatedAt(undefined, undefined, clock)).toEqual({ generatedAt: '2026-12-02T09:30:15Z', today: '2026-12-02' });
  });

  test('a --now that is not a real date is refused', () => {
    for (const bad of ['2026-02-30', 'tomorrow', '2026-12-31T25:00:00Z', '2026-12-31T10:00:00', '31/12/2026']) expect(generatedAt(bad, undefined, clock)).toBeUndefined();
  });
});
