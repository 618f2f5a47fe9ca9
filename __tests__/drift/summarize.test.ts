import { EXIT_DRIFT, EXIT_OK } from '../../src/cli/io';
import { compareOrg } from '../../src/core/drift/compare';
import { driftKinds, exitCodeFor, isFailOn, summarize, type FailOn } from '../../src/core/drift/summarize';
import type { DriftReport } from '../../src/core/drift/types';
import {
  ACTIVATE_USER,
  AUDIT,
  DEV_ACTUAL,
  DEV_REQUIRED,
  PROD_ACTUAL,
  PROD_REQUIRED,
  READ_USER,
  STAGE_ACTUAL,
  STAGE_REQUIRED,
  byCards,
  grants,
  opts,
  org,
} from './fixtures';

const inSync = compareOrg(DEV_REQUIRED, DEV_ACTUAL, opts);
const both = compareOrg(PROD_REQUIRED, PROD_ACTUAL, opts);
const missingOnly = compareOrg(org('m', [byCards('okta.logs.read', AUDIT)]), grants('okta', []), opts);
const extraOnly = compareOrg(org('e', []), grants('okta', ['okta.logs.read']), opts);
const coveredOnly = compareOrg(
  org('c', [byCards('okta.users.read', READ_USER), byCards('okta.users.manage', ACTIVATE_USER)]),
  grants('okta', ['okta.users.manage']),
  opts,
);
const issuerOnly = compareOrg(
  org('i', [byCards('okta.users.read', READ_USER)]),
  grants('okta', [{ scope: 'okta.users.read', issuerMismatch: 'https://other.okta.com' }]),
  opts,
);

describe('driftKinds', () => {
  it('names the kinds present, missing first', () => {
    expect(driftKinds(inSync)).toEqual([]);
    expect(driftKinds(both)).toEqual(['missing', 'covered', 'extra']);
    expect(driftKinds(missingOnly)).toEqual(['missing']);
    expect(driftKinds(extraOnly)).toEqual(['extra']);
  });

  it('counts covered-by-broader as drift (an apply adds the .read); issuer mismatches are informational', () => {
    expect(driftKinds(coveredOnly)).toEqual(['covered']);
    expect(driftKinds(issuerOnly)).toEqual([]);
  });
});

describe('exitCodeFor', () => {
  const cases: [string, DriftReport, Record<FailOn, number>][] = [
    ['in sync', { orgs: [inSync] }, { missing: 0, any: 0, none: 0 }],
    ['no orgs', { orgs: [] }, { missing: 0, any: 0, none: 0 }],
    ['missing only', { orgs: [inSync, missingOnly] }, { missing: 2, any: 2, none: 0 }],
    ['extra only', { orgs: [extraOnly, inSync] }, { missing: 0, any: 2, none: 0 }],
    ['missing and extra', { orgs: [both] }, { missing: 2, any: 2, none: 0 }],
    ['covered by broader only', { orgs: [coveredOnly] }, { missing: 0, any: 2, none: 0 }],
    ['issuer mismatch only', { orgs: [issuerOnly] }, { missing: 0, any: 0, none: 0 }],
  ];
  for (const [name, report, expected] of cases) {
    for (const failOn of ['missing', 'any', 'none'] as const) {
      it(`${name}, --fail-on ${failOn} → ${expected[failOn]}`, () => {
        expect(exitCodeFor(report, failOn)).toBe(expected[failOn]);
      });
    }
  }

  it('uses the CLI exit codes', () => {
    expect(exitCodeFor({ orgs: [inSync] }, 'any')).toBe(EXIT_OK);
    expect(exitCodeFor({ orgs: [both] }, 'any')).toBe(EXIT_DRIFT);
  });

  it('judges a plan by its after-state: a plan that fixes the drift exits 0', () => {
    const plan = compareOrg(STAGE_REQUIRED, STAGE_ACTUAL, opts);
    expect(exitCodeFor({ orgs: [plan] }, 'any')).toBe(0);
  });
});

describe('summarize', () => {
  it('counts per org', () => {
    const plan = compareOrg(STAGE_REQUIRED, STAGE_ACTUAL, opts);
    expect(summarize({ orgs: [both, issuerOnly, plan] })).toEqual([
      { name: 'prod', inSync: false, missing: 2, extra: 1, coveredByBroader: 1, issuerMismatches: 0 },
      { name: 'i', inSync: true, missing: 0, extra: 0, coveredByBroader: 0, issuerMismatches: 1 },
      {
        name: 'stage',
        inSync: true,
        missing: 0,
        extra: 0,
        coveredByBroader: 0,
        issuerMismatches: 0,
        plan: { toGrant: 1, toRevoke: 1, coversDeclaration: true },
      },
    ]);
  });

  it('recognises --fail-on values', () => {
    expect(['missing', 'any', 'none', 'all', ''].filter(isFailOn)).toEqual(['missing', 'any', 'none']);
  });
});
