import type { DriftReport } from '../../src/core/drift/types';
import { formatJson } from '../../src/output/diff/json';
import { ctx, fixtureReport } from '../drift/fixtures';

/** The same report with every list reversed: what another producer might hand over. */
function scrambled(report: DriftReport): DriftReport {
  return {
    orgs: [...report.orgs].reverse().map((o) => ({
      ...o,
      missing: [...o.missing].reverse().map((m) => ({ ...m, neededBy: [...m.neededBy].reverse() })),
      coveredByBroader: [...o.coveredByBroader].reverse().map((c) => ({ ...c, neededBy: [...c.neededBy].reverse() })),
      extra: [...o.extra].reverse(),
      granted: [...o.granted].reverse(),
      required: [...o.required].reverse(),
    })),
  };
}

describe('formatJson', () => {
  const out = formatJson(fixtureReport(), ctx);
  const parsed = JSON.parse(out) as { orgs: Record<string, unknown>[]; findings: Record<string, unknown>[] };

  it('emits org keys in the documented order', () => {
    expect(Object.keys(parsed)).toEqual(['orgs', 'errors', 'findings']);
    expect(Object.keys(parsed.orgs[0])).toEqual([
      'name',
      'source',
      'app',
      'inSync',
      'missing',
      'coveredByBroader',
      'extra',
      'granted',
      'required',
      'issuerMismatches',
    ]);
    expect(Object.keys(parsed.orgs[2])).toContain('plan');
    expect(Object.keys(parsed.orgs[1].app as object)).toEqual(['id', 'label']);
  });

  it('writes the documented shape for missing, covered and extra, without source locations', () => {
    const prod = parsed.orgs[1];
    expect(prod.name).toBe('prod');
    expect(prod.source).toBe('okta');
    expect(prod.app).toEqual({ id: '0oa1', label: 'Okta Workflows OAuth' });
    expect(prod.inSync).toBe(false);
    expect(prod.missing).toEqual([
      {
        scope: 'okta.logs.read',
        neededBy: [
          { flow: 'Audit Logins', connector: 'Okta', card: 'Search System Logs', confidence: 'stated' },
          {
            flow: 'Nightly Export',
            connector: 'Okta',
            card: 'Custom API Action',
            call: { method: 'GET', path: '/api/v1/logs', operationId: 'listLogEvents' },
            confidence: 'custom',
          },
        ],
        reasons: [],
      },
      { scope: 'okta.policies.read', neededBy: [], reasons: ['Bookmark audit reads policies'] },
    ]);
    expect(prod.coveredByBroader).toEqual([
      {
        scope: 'okta.users.read',
        coveredBy: 'okta.users.manage',
        neededBy: [
          { flow: 'Onboard', connector: 'Okta', card: 'Activate User', confidence: 'stated' },
          { flow: 'Onboard', connector: 'Okta', card: 'Read User', confidence: 'stated' },
        ],
      },
    ]);
    expect(prod.extra).toEqual([{ scope: 'okta.groups.manage', revokedOnApply: true }]);
    // The orgs carry no source locations; the findings locate, relative to the working folder.
    expect(JSON.stringify(parsed.orgs)).not.toMatch(/"loc"|"line"|scopes\.yaml/);
    expect(parsed.findings.map((f) => [f.rule, f.org, f.scope])).toEqual([
      ['WFS001', 'prod', 'okta.logs.read'],
      ['WFS001', 'prod', 'okta.policies.read'],
      ['WFS003', 'prod', 'okta.users.read'],
      ['WFS002', 'prod', 'okta.groups.manage'],
    ]);
    expect(parsed.findings[0]).toMatchObject({ name: 'missing-scope', level: 'error', flow: 'Audit Logins', file: 'config/scopes.yaml', line: 12, column: 7 });
  });

  it('writes null for an unknown app label and the plan for a plan source', () => {
    expect(parsed.orgs[0].app).toEqual({ id: '0oa2', label: null });
    expect(parsed.orgs[2].plan).toEqual({
      toGrant: ['okta.users.read'],
      toRevoke: ['okta.groups.manage'],
      after: ['okta.users.read'],
      coversDeclaration: true,
      action: 'update',
      revokes: [],
    });
    expect(parsed.orgs[0]).not.toHaveProperty('plan');
  });

  it('is byte-identical across runs and input orders, and ends with one newline', () => {
    expect(formatJson(fixtureReport(), ctx)).toBe(out);
    expect(formatJson(scrambled(fixtureReport()), ctx)).toBe(out);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.startsWith('{\n  "orgs": [\n    {\n      "name": "dev",\n      "source": "state",')).toBe(true);
  });

  it('writes an empty report', () => {
    expect(formatJson({ orgs: [] }, ctx)).toBe('{\n  "orgs": [],\n  "errors": [],\n  "findings": []\n}\n');
  });
});
