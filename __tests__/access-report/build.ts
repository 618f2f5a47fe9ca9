import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAccessReport, parseDriftJson, type AccessReport } from '../../src/access-report';
import { loadCatalog } from '../../src/catalog';
import { loadProjectText } from '../../src/project';
import { riskOf } from '../../src/risk';

export const ROOT = join(__dirname, '..', '..');
export const EXAMPLE = readFileSync(join(ROOT, 'scopes.yaml'), 'utf8');

/** Where tests leave files for people to look at (screenshots, the pages they measured). */
export function testOutputDir(): string {
  const dir = process.env.WF_SCOPES_TEST_OUTPUT ?? join(ROOT, 'test-output', 'access-report');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The report model of a declaration text, as `wf-scopes report` builds it, with a fixed clock. */
export function reportOf(yaml: string, opts: { today?: string; drift?: string; orgs?: string[]; file?: string } = {}): AccessReport {
  const catalog = loadCatalog();
  const today = opts.today ?? '2026-12-02';
  const file = opts.file ?? 'scopes.yaml';
  const project = loadProjectText(yaml, file, { catalog, today });
  return buildAccessReport({
    manifest: project.manifest,
    resolution: project.resolution,
    policy: project.policy,
    catalog,
    risk: (s) => riskOf(s),
    generatedAt: today,
    today,
    toolVersion: '0.0.0-test',
    declaration: { file, sha256: 'f'.repeat(64) },
    ...(opts.orgs ? { orgs: opts.orgs } : {}),
    ...(opts.drift !== undefined ? { drift: { ref: { file: 'drift.json', sha256: 'd'.repeat(64) }, input: parseDriftJson(opts.drift, 'drift.json') } } : {}),
  });
}

/**
 * A `diff --format json` result for the shipped example's prod org: what the org grants is
 * `granted`; missing, covered and extra follow from it as the diff computes them.
 */
/** The scopes the declaration requires of one org, as `wf-scopes diff` reports them under `required`. */
export function requiredOf(yaml: string, org: string): string[] {
  const project = loadProjectText(yaml, 'scopes.yaml', { catalog: loadCatalog(), today: '2026-12-02' });
  return (project.resolution.orgs.find((o) => o.name === org)?.scopes ?? []).map((s) => s.scope).sort();
}

export function exampleDrift(): string {
  const need = (flow: string, connector: string, card: string) => ({ flow, connector, card, confidence: 'stated' });
  return JSON.stringify({
    orgs: [
      {
        name: 'prod',
        source: 'okta',
        app: { id: '0oa8x2k4lq9ZrT3bN5d7', label: 'Okta Workflows OAuth' },
        inSync: false,
        missing: [
          { scope: 'okta.devices.manage', risk: { level: 'medium', rationale: 'x' }, neededBy: [need('Retire lost devices', 'Okta Devices', 'Suspend Device')], reasons: [] },
          {
            scope: 'okta.groups.manage',
            risk: { level: 'high', rationale: 'x' },
            neededBy: [need('Offboard contractor', 'Okta', 'Remove User from Group'), need('Onboard employee', 'Okta', 'Add User to Group')],
            reasons: [],
          },
        ],
        coveredByBroader: [{ scope: 'okta.apps.read', coveredBy: 'okta.apps.manage', neededBy: [need('Onboard employee', 'Okta', 'Assign User to Application for SSO')] }],
        extra: [
          { scope: 'okta.roles.manage', risk: { level: 'high', rationale: 'x' }, revokedOnApply: true },
          { scope: 'okta.brands.read', risk: { level: 'low', rationale: 'x' }, revokedOnApply: true },
        ],
        granted: ['okta.apps.manage', 'okta.brands.read', 'okta.devices.read', 'okta.eventHooks.manage', 'okta.groups.read', 'okta.logs.read', 'okta.roles.manage', 'okta.users.manage', 'okta.users.read'],
        // What the declaration requires today, so the fixture follows the catalog (it is no stale drift).
        required: requiredOf(EXAMPLE, 'prod'),
        issuerMismatches: [],
      },
    ],
  });
}
