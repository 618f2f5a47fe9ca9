import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareOrgs } from '../../src/core/drift/compare';
import type { ActualGrants, DriftReport } from '../../src/core/drift/types';
import { diffJsonProblem } from '../../src/output/diff/drift-input';
import { formatJson, type DiffJson } from '../../src/output/diff/json';
import { ROOT } from '../cli/run';
import { assertDiffJson } from '../support/diff-schema';
import { DEV_ACTUAL, DEV_REQUIRED, PROD_ACTUAL, PROD_REQUIRED, STAGE_ACTUAL, STAGE_REQUIRED, ctx, fixtureReport } from '../drift/fixtures';
import { loadCatalog } from '../../src/core/catalog';

// schema/diff.schema.json describes the one type (DiffJson) the diff writes and the access report reads.
// Every diff JSON the tests produce is checked against it too: runMain, runCli and driftJsonOf call assertDiffJson.

const catalog = loadCatalog();

/** Every branch the writer has: unknown-status grants, an unreadable org, a replacing plan that revokes, risks. */
function everyBranch(): DriftReport {
  const prodActual: ActualGrants = { ...PROD_ACTUAL, unknownStatus: [{ scope: 'okta.roles.manage', status: 'PENDING' }, { scope: 'okta.apps.read' }] };
  const stageActual: ActualGrants = { ...STAGE_ACTUAL, plan: { toGrant: ['okta.users.read'], toRevoke: ['okta.groups.manage'], after: ['okta.users.read'], action: 'replace' } };
  const report = compareOrgs(
    [
      { required: PROD_REQUIRED, actual: prodActual },
      { required: DEV_REQUIRED, actual: DEV_ACTUAL },
      { required: STAGE_REQUIRED, actual: stageActual },
    ],
    catalog,
  );
  for (const o of report.orgs) {
    for (const m of o.missing) m.risk = { level: 'high', rationale: 'writes users' };
    for (const e of o.extra) e.risk = { level: 'low', rationale: 'reads groups' };
  }
  return { ...report, errors: [{ org: 'qa', code: 'okta-unauthorized', message: 'the token was refused (401)', hint: 'check OKTA_API_TOKEN' }] };
}

describe('schema/diff.schema.json', () => {
  test('is draft-07, like schema/scopes.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'diff.schema.json'), 'utf8')) as { $schema: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  test('accepts what the diff writes: the fixtures, an empty report, and every branch of the writer', () => {
    for (const report of [fixtureReport(), { orgs: [] }, everyBranch()]) {
      expect(() => assertDiffJson(formatJson(report, ctx))).not.toThrow();
    }
    const doc = JSON.parse(formatJson(everyBranch(), ctx)) as DiffJson;
    // The branches the check above must have seen, so that it could fail.
    expect(doc.orgs.find((o) => o.name === 'prod')?.unknownStatus).toEqual([
      { scope: 'okta.apps.read', status: null },
      { scope: 'okta.roles.manage', status: 'PENDING' },
    ]);
    expect(doc.orgs.find((o) => o.name === 'stage')?.plan?.action).toBe('replace');
    expect(doc.errors).toHaveLength(1);
    expect(doc.findings?.map((f) => f.rule)).toEqual(expect.arrayContaining(['WFS005', 'WFS007']));
  });

  test('refuses what the diff never writes, naming the key path', () => {
    const edit = (change: (d: Record<string, unknown> & DiffJson) => void) => {
      const d = JSON.parse(formatJson(fixtureReport(), ctx)) as Record<string, unknown> & DiffJson;
      change(d);
      return diffJsonProblem(d);
    };
    expect(edit(() => undefined)).toBeUndefined();
    expect(edit((d) => ((d.orgs[0] as unknown as Record<string, unknown>).inSync = 'yes'))).toEqual({ path: 'orgs[0].inSync', message: 'orgs[0].inSync must be true or false' });
    expect(edit((d) => ((d.orgs[0] as unknown as Record<string, unknown>).source = 'cache'))).toEqual({ path: 'orgs[0].source', message: 'orgs[0].source must be one of okta, state, plan' });
    expect(edit((d) => delete (d.orgs[1] as unknown as Record<string, unknown>).granted)).toEqual({ path: 'orgs[1]', message: 'orgs[1].granted is missing' });
    expect(edit((d) => ((d.orgs[0] as unknown as Record<string, unknown>).inSnyc = true))).toEqual({ path: 'orgs[0].inSnyc', message: 'orgs[0] has the unknown key `inSnyc`' });
    expect(edit((d) => (d.orgs[0].unknownStatus = [{ scope: '', status: null }]))).toEqual({ path: 'orgs[0].unknownStatus[0].scope', message: 'orgs[0].unknownStatus[0].scope must be a non-empty string' });
  });
});
