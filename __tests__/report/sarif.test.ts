import type { ValidateFunction } from 'ajv';
import type { Log, Result } from 'sarif';
import { compareOrg } from '../../src/core/drift/compare';
import { artifactUri, formatSarif } from '../../src/output/diff/sarif';
import { sarifValidator } from '../support/sarif-validator';
import { AUDIT, byCards, byReason, ctx, fixtureReport, grants, loc, need, opts, org, orgLoc } from '../drift/fixtures';

const parse = (text: string): Log => JSON.parse(text) as Log;

describe('formatSarif against the SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();

  it('validates the fixture report', () => {
    const log = parse(formatSarif(fixtureReport(), ctx));
    const ok = validate(log);
    expect((validate as ValidateFunction).errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('validates an empty report and one with informationUri and odd file names', () => {
    expect(validate(parse(formatSarif({ orgs: [] }, ctx)))).toBe(true);
    const d = compareOrg(
      org('x', [byCards('okta.logs.read', need('F', 'Search System Logs', 2, { loc: loc(2, 1, '/repo/my dir/scopes#1.yaml') }))]),
      grants('okta', []),
      opts,
    );
    const log = parse(formatSarif({ orgs: [d] }, { ...ctx, informationUri: 'https://example.com/wf-scopes' }));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].tool.driver.informationUri).toBe('https://example.com/wf-scopes');
  });

  it('validates a report with an org that could not be read: an error result at its declaration', () => {
    const report = { ...fixtureReport(), errors: [{ org: 'prod', code: 'okta-unauthorized', message: 'the API token was rejected (401 E0000011): check PROD_OKTA_API_TOKEN.', hint: 'renew it' }] };
    const log = parse(formatSarif(report, ctx));
    expect(validate(log)).toBe(true);
    const last = log.runs[0].results?.at(-1);
    expect(last).toMatchObject({ ruleId: 'WFS005', ruleIndex: 4, level: 'error', properties: { org: 'prod', code: 'okta-unauthorized' } });
    expect(last?.message.text).toBe('org prod: Not compared, its grants could not be read: the API token was rejected (401 E0000011): check PROD_OKTA_API_TOKEN. renew it.');
    expect(last?.locations?.[0].physicalLocation?.region?.startLine).toBe(orgLoc('prod')?.line);
  });

  it('rejects what SARIF forbids (the validator is not vacuous)', () => {
    const log = parse(formatSarif(fixtureReport(), ctx)) as unknown as {
      runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const log2 = parse(formatSarif(fixtureReport(), ctx)) as unknown as typeof log;
    log2.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(log2)).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    const log3 = parse(formatSarif(fixtureReport(), ctx)) as unknown as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    log3.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'my dir/scopes.yaml';
    expect(validate(log3)).toBe(false);
  });
});

describe('formatSarif', () => {
  const text = formatSarif(fixtureReport(), ctx);
  const log = parse(text);
  const run = log.runs[0];
  const results = run.results ?? [];

  it('declares the schema, version, tool and rules', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('wf-scopes');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.tool.driver).not.toHaveProperty('informationUri');
    const rules = run.tool.driver.rules ?? [];
    // The whole registry, in id order: an id and its index mean the same in every command's log.
    expect(rules.slice(0, 7).map((r) => [r.id, r.name, r.defaultConfiguration?.level])).toEqual([
      ['WFS001', 'missing-scope', 'error'],
      ['WFS002', 'extra-scope', 'warning'],
      ['WFS003', 'covered-by-broader', 'warning'],
      ['WFS004', 'issuer-mismatch', 'warning'],
      ['WFS005', 'org-not-read', 'error'],
      ['WFS006', 'plan-revokes-grants', 'error'],
      ['WFS007', 'unknown-grant-status', 'error'],
    ]);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.shortDescription?.text).toBeTruthy();
      expect(r.help?.text).toBeTruthy();
    }
    expect(rules[0].help?.text).toMatch(/reauthorize the Okta Workflows connection/);
  });

  it('has one error per missing scope, a warning per scope covered by a broader one and per extra scope, in report order', () => {
    expect(results.map((r) => [r.ruleId, r.level, r.properties?.org, r.properties?.scope])).toEqual([
      ['WFS001', 'error', 'prod', 'okta.logs.read'],
      ['WFS001', 'error', 'prod', 'okta.policies.read'],
      ['WFS003', 'warning', 'prod', 'okta.users.read'],
      ['WFS002', 'warning', 'prod', 'okta.groups.manage'],
    ]);
    for (const r of results) {
      expect(run.tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
    }
  });

  it('locates a missing scope at the first card that needs it, the others as related locations', () => {
    const logs = results[0];
    expect(logs.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'config/scopes.yaml' },
          region: { startLine: 12, startColumn: 7 },
        },
      },
    ]);
    expect(logs.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'Nightly Export: Okta/Custom API Action (GET /api/v1/logs)' },
        physicalLocation: {
          artifactLocation: { uri: 'config/scopes.yaml' },
          region: { startLine: 20, startColumn: 9 },
        },
      },
    ]);
    expect(logs.message.text).toBe(
      'org prod: Scope okta.logs.read is not granted (live grants, app 0oa1): these 2 cards fail with ' +
        '403 insufficient_scope at run time: Audit Logins: Okta/Search System Logs; ' +
        'Nightly Export: Okta/Custom API Action (GET /api/v1/logs).',
    );
  });

  it('locates extra scopes, and missing scopes no card needs, at the org declaration', () => {
    const at = (r: Result): unknown => r.locations?.[0]?.physicalLocation?.region;
    expect(at(results[1])).toEqual({ startLine: 3, startColumn: 5 });
    expect(at(results[3])).toEqual({ startLine: 3, startColumn: 5 });
    expect(results[1].relatedLocations).toBeUndefined();
    expect(results[3].message.text).toMatch(/okta\.groups\.manage is not declared .* an apply of the generated stack revokes this/);
  });

  it('leaves the location out when the org location is unknown', () => {
    const d = compareOrg(org('nowhere', [byReason('okta.apps.read', 'audit', 9)]), grants('okta', []), opts);
    const r = parse(formatSarif({ orgs: [d] }, ctx)).runs[0].results ?? [];
    expect(r).toHaveLength(1);
    expect(r[0].locations).toBeUndefined();
  });

  it('words plan results for the after-state', () => {
    const d = compareOrg(
      org('stage', [byCards('okta.logs.read', AUDIT)]),
      { ...grants('plan', []), plan: { toGrant: [], toRevoke: [], after: ['okta.zones.read'] } },
      opts,
    );
    const r = parse(formatSarif({ orgs: [d] }, ctx)).runs[0].results ?? [];
    expect(r.map((x) => x.message.text)).toEqual([
      expect.stringMatching(/^org stage: Scope okta\.logs\.read is still not granted after the plan is applied \(Terraform plan/),
      expect.stringMatching(/^org stage: Scope okta\.zones\.read is not declared \(Terraform plan, app 0oa1\) but stays granted after the plan is applied/),
    ]);
  });

  it('is byte-identical across runs and starts with $schema and version', () => {
    expect(formatSarif(fixtureReport(), ctx)).toBe(text);
    expect(text.startsWith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n')).toBe(true);
  });
});

describe('artifactUri', () => {
  it('is relative to baseDir with forward slashes, each segment encoded', () => {
    expect(artifactUri('/repo/config/scopes.yaml', '/repo')).toBe('config/scopes.yaml');
    expect(artifactUri('config/scopes.yaml', '/repo')).toBe('config/scopes.yaml');
    expect(artifactUri('/repo/my dir/a#b.yaml', '/repo/')).toBe('my%20dir/a%23b.yaml');
  });

  it('is an absolute file URI outside baseDir', () => {
    expect(artifactUri('/elsewhere/scopes.yaml', '/repo')).toBe('file:///elsewhere/scopes.yaml');
    expect(artifactUri('/repo', '/repo')).toBe('file:///repo');
    // A name that merely starts with two dots is still inside.
    expect(artifactUri('/repo/..hidden/x.yaml', '/repo')).toBe('..hidden/x.yaml');
  });
});
