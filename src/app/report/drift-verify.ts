import { compareOrg } from '../../core/drift/compare';
import { compareStrings } from '../../core/drift/order';
import type { ActualGrants, OrgDrift } from '../../core/drift/types';
import type { ResolvedOrg } from '../../core/resolve/types';
import { UserError } from '../../util/diagnostics';
import type { DriftOrgFinding, DriftOrgInput } from './drift-input';
import type { AccessReportInput } from './types';

/** A drift result held against this declaration: refused, at its key, when it cannot be about it. */

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
export function driftError(input: AccessReportInput, path: string, message: string, code: string, hint: string): UserError {
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
export function verified(input: AccessReportInput, org: ResolvedOrg, d: DriftOrgInput, unknown: DriftOrgFinding[]): OrgDrift {
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
