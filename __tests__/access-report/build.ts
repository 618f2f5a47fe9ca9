import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAccessReport, parseDriftJson, type AccessReport } from '../../src/app/report';
import { loadCatalog } from '../../src/core/catalog';
import { compareOrgs } from '../../src/core/drift/compare';
import type { ActualGrants } from '../../src/core/drift/types';
import { formatJson } from '../../src/output/diff/json';
import { assertDiffJson } from '../support/diff-schema';
import { loadProjectText } from '../../src/core/project';
import { riskOf } from '../../src/core/risk';

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

/** What one org holds, for driftJsonOf: live grants (optionally with grants of unknown status) or a plan. */
export interface HeldGrants {
  org: string;
  granted: string[];
  source?: 'okta' | 'state' | 'plan';
  app?: { id: string; label?: string };
  unknownStatus?: { scope: string; status?: string }[];
  plan?: { toGrant: string[]; toRevoke: string[]; after: string[] };
}

/**
 * A real `wf-scopes diff --format json` result, produced in-process by the diff's own comparison
 * (src/core/drift) and JSON writer (src/output/diff/json), for the orgs given; `errors` are orgs it could not read.
 */
export function driftJsonOf(yaml: string, held: HeldGrants[], errors: { org: string; code: string; message: string; hint?: string }[] = []): string {
  const catalog = loadCatalog();
  const project = loadProjectText(yaml, 'scopes.yaml', { catalog, today: '2026-12-02' });
  const pairs = held.map((h) => {
    const required = project.resolution.orgs.find((o) => o.name === h.org);
    if (!required) throw new Error(`driftJsonOf: no org ${h.org}`);
    const app = h.app ?? (required.app.id !== undefined ? { id: required.app.id, label: required.app.label } : { id: '0oaFOUNDBYLABEL', label: required.app.label });
    const actual: ActualGrants = {
      source: h.source ?? 'okta',
      app,
      granted: [...new Set(h.granted)].sort().map((scope) => ({ scope })),
      ...(h.plan ? { plan: h.plan } : {}),
      ...(h.unknownStatus ? { unknownStatus: h.unknownStatus } : {}),
    };
    return { required, actual };
  });
  const report = { ...compareOrgs(pairs, catalog), ...(errors.length ? { errors } : {}) };
  const json = formatJson(report, { toolVersion: '0.0.0-test', baseDir: ROOT, orgLoc: () => undefined });
  assertDiffJson(json);
  return json;
}

/**
 * A `diff --format json` result for the shipped example's prod org: two missing scopes, one held
 * through its .manage, two extra grants; computed as the diff computes it.
 */
export function exampleDrift(): string {
  return driftJsonOf(EXAMPLE, [
    {
      org: 'prod',
      app: { id: '0oa8x2k4lq9ZrT3bN5d7', label: 'Okta Workflows OAuth' },
      granted: ['okta.apps.manage', 'okta.brands.read', 'okta.devices.read', 'okta.eventHooks.manage', 'okta.groups.read', 'okta.logs.read', 'okta.realms.read', 'okta.roles.manage', 'okta.schemas.read', 'okta.users.manage', 'okta.users.read'],
    },
  ]);
}

/**
 * The case, for the shipped example's preview org: the app lacks okta.groups.manage and holds,
 * undeclared, the high-risk okta.roles.manage and the Okta Realms default okta.realms.read (no Realms
 * flow runs in preview, so an apply revokes it and breaks that connection).
 */
export function overGrantDrift(): string {
  const required = requiredOf(EXAMPLE, 'preview').filter((s) => s !== 'okta.groups.manage');
  return driftJsonOf(EXAMPLE, [{ org: 'preview', granted: [...required, 'okta.roles.manage', 'okta.realms.read'] }]);
}
