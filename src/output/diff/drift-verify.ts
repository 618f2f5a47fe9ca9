import type { Catalog } from '../../core/catalog/types';
import { compareOrg } from '../../core/drift/compare';
import { compareStrings } from '../../core/drift/order';
import type { ActualGrants, OrgDrift } from '../../core/drift/types';
import type { ResolvedOrg } from '../../core/resolve/types';
import { UserError } from '../../util/diagnostics';
import type { DriftInput, DriftOrgError, DriftOrgFinding, DriftOrgInput } from './drift-input';

/**
 * A drift result held against a declaration (`report --drift`, `review --drift`): refused, at its key,
 * when it cannot be about it.
 */

/** What the checks need: the declaration's name, the catalog, and the drift file as read. */
export interface DriftCheck {
  catalog: Catalog;
  declaration: { file: string };
  drift?: { ref: { file: string }; input: DriftInput };
}

export const DRIFT_HINT = 'rerun `wf-scopes diff --format json` against this scopes.yaml and pass its output';

export function sameSet(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  const A = new Set(a);
  const B = new Set(b);
  return { added: [...B].filter((x) => !A.has(x)).sort(compareStrings), removed: [...A].filter((x) => !B.has(x)).sort(compareStrings) };
}

/**
 * A refusal of the drift file, at the line and column of the key path when the file has it (else
 * naming --drift). Exit 1, nothing written.
 */
export function driftError(input: DriftCheck, path: string, message: string, code: string, hint: string): UserError {
  const file = input.drift?.ref.file ?? '--drift';
  const at = input.drift?.input.locate(path);
  return at
    ? new UserError({ severity: 'error', code, loc: { file, line: at.line, column: at.column }, message: `\`${path}\`: ${message}`, hint })
    : new UserError({ severity: 'error', code, flag: '--drift', message: `${file}: \`${path}\`: ${message}`, hint });
}

const EDITED_HINT = 'the file was edited or does not come from `wf-scopes diff --format json`: rerun the diff against this scopes.yaml and pass its output unchanged';

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');

/**
 * The file's stated verdict against the one the diff's own comparison (src/drift) gives for its
 * `granted` (or the plan's `after`) and this declaration: any difference refuses the file at the key
 * that states it. A file cannot claim "in sync" while its grants say otherwise.
 */
export function verified(input: DriftCheck, org: ResolvedOrg, d: DriftOrgInput, unknown: DriftOrgFinding[]): OrgDrift {
  if (d.source === 'plan' && !d.plan) throw driftError(input, `${d.at}.source`, 'is `plan` but the org has no `plan`', 'report-drift-mismatch', EDITED_HINT);
  const actual: ActualGrants = {
    source: d.source,
    app: d.app,
    granted: d.granted.map((scope) => ({ scope })),
    ...(d.source === 'plan' && d.plan ? { plan: { toGrant: d.plan.toGrant, toRevoke: d.plan.toRevoke, after: d.plan.after, ...(d.plan.action && d.plan.action !== 'update' ? { action: d.plan.action } : {}) } } : {}),
    ...(unknown.length ? { unknownStatus: unknown.map((u) => ({ scope: u.scope ?? '', ...(u.status ? { status: u.status } : {}) })) } : {}),
  };
  const truth = compareOrg(org, actual, input.catalog);
  const refuse = (key: string, message: string): never => {
    throw driftError(input, `${d.at}.${key}`, message, 'report-drift-mismatch', EDITED_HINT);
  };
  const sorted = (xs: readonly string[]) => [...new Set(xs)].sort(compareStrings);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const held = d.source === 'plan' ? '`plan.after`' : '`granted`';
  const pairs: [string, string[], string[]][] = [
    ['missing', sorted(d.missing.map((m) => m.scope)), truth.missing.map((m) => m.scope)],
    ['extra', sorted(d.extra.map((e) => e.scope)), truth.extra.map((e) => e.scope)],
    ['coveredByBroader', sorted(d.coveredByBroader.map((c) => `${c.scope} (through ${c.coveredBy})`)), sorted(truth.coveredByBroader.map((c) => `${c.scope} (through ${c.coveredBy})`))],
  ];
  for (const [key, stated, actualList] of pairs) {
    const want = sorted(actualList);
    if (!same(stated, want)) refuse(key, `lists ${list(stated)}, but ${held} and \`required\` give ${list(want)}`);
  }
  if (d.inSync !== truth.inSync) {
    const why = unknown.length ? `${unknown.length} grant${unknown.length === 1 ? ' has' : 's have'} an unknown status (WFS007)` : `${held} and \`required\` give ${truth.inSync}`;
    refuse('inSync', `is ${d.inSync}, but ${why}`);
  }
  if (d.plan && truth.plan && d.plan.coversDeclaration !== truth.plan.coversDeclaration) {
    refuse('plan.coversDeclaration', `is ${d.plan.coversDeclaration}, but \`plan.after\` lacks ${list(truth.missing.map((m) => m.scope))}`);
  }
  return truth;
}

/** The file's orgs by name; an org, error or finding about an org the declaration does not have is refused. */
export function driftOrgsByName(input: DriftCheck, declared: ReadonlySet<string>): Map<string, DriftOrgInput> {
  const byName = new Map<string, DriftOrgInput>();
  const notDeclared = (name: string, at: string): never => {
    throw driftError(input, at, `org \`${name}\` is not declared in ${input.declaration.file}`, 'report-drift', DRIFT_HINT);
  };
  for (const d of input.drift?.input.orgs ?? []) {
    if (!declared.has(d.name)) notDeclared(d.name, `${d.at}.name`);
    byName.set(d.name, d);
  }
  for (const e of input.drift?.input.errors ?? []) if (!declared.has(e.org)) notDeclared(e.org, `${e.at}.org`);
  for (const f of input.drift?.input.findings ?? []) if (!declared.has(f.org)) notDeclared(f.org, `${f.at}.org`);
  return byName;
}

/** What a drift file says of one org, once checked: nothing given, the diff failed, no result, or the verified comparison. */
export type OrgDriftCheck =
  | { kind: 'not-given' }
  | { kind: 'failed'; failed: { code: string; message: string; hint?: string } }
  | { kind: 'absent'; file: string }
  | { kind: 'checked'; d: DriftOrgInput; truth: OrgDrift; unknown: DriftOrgFinding[] };

/**
 * One org's drift, checked against the org as declared: an org the diff could not read outranks
 * whatever else the file says about it; a result computed for another version of the declaration (its
 * `required`) or another app is refused; the rest is recomputed (`verified`).
 */
export function checkOrgDrift(input: DriftCheck, org: ResolvedOrg, d: DriftOrgInput | undefined): OrgDriftCheck {
  if (!input.drift) return { kind: 'not-given' };
  const failure: DriftOrgError | DriftOrgFinding | undefined =
    input.drift.input.errors.find((e) => e.org === org.name) ?? input.drift.input.findings.find((f) => f.rule === 'WFS005' && f.org === org.name);
  if (failure) {
    return { kind: 'failed', failed: 'code' in failure ? { code: failure.code, message: failure.message, ...(failure.hint !== undefined ? { hint: failure.hint } : {}) } : { code: 'WFS005', message: failure.message } };
  }
  if (!d) return { kind: 'absent', file: input.drift.ref.file };
  // The diff's `required` is what this declaration resolved to when the diff ran: if it differs now,
  // its missing and extra lists describe another declaration.
  const { added, removed } = sameSet(
    d.required,
    org.scopes.map((s) => s.scope),
  );
  if (added.length || removed.length) {
    const parts = [added.length ? `now also requires ${added.join(', ')}` : '', removed.length ? `no longer requires ${removed.join(', ')}` : ''].filter(Boolean);
    throw driftError(input, `${d.at}.required`, `org \`${org.name}\`: the drift was computed for another version of ${input.declaration.file} (it ${parts.join('; ')})`, 'report-drift-stale', DRIFT_HINT);
  }
  if (org.app.id !== undefined && d.app.id !== org.app.id) {
    throw driftError(input, `${d.at}.app.id`, `org \`${org.name}\`: the drift is about app ${d.app.id}, but ${input.declaration.file} declares app ${org.app.id}`, 'report-drift-stale', DRIFT_HINT);
  }
  // An app declared by label is looked up by exact label (src/sources/okta): a live diff of another app says so.
  if (org.app.id === undefined && d.source === 'okta' && d.app.label !== undefined && d.app.label !== org.app.label) {
    throw driftError(input, `${d.at}.app.label`, `org \`${org.name}\`: the drift is about the app labelled "${d.app.label}", but ${input.declaration.file} declares the app labelled "${org.app.label}"`, 'report-drift-stale', DRIFT_HINT);
  }
  const unknown = input.drift.input.findings.filter((f) => f.rule === 'WFS007' && f.org === org.name);
  return { kind: 'checked', d, truth: verified(input, org, d, unknown), unknown };
}
