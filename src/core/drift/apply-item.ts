import { compareStrings } from '../../util/compare';
import { compareRisk, type RiskLevel } from '../risk';

/**
 * One scope an apply grants or revokes, as a reviewer weighs it: the report's decision block and
 * `review --drift` list the same items in the same order.
 */
export interface ApplyItem {
  scope: string;
  risk: RiskLevel;
  rationale: string;
  /** A connection default (okta.realms.read) no card needs: revoking it breaks these connections. */
  breaks?: string[];
  /** Granted although the app holds it through this broader scope today (no 403 now). */
  coveredBy?: string;
}

/** Most severe first, then by name. */
export const byRisk = (a: ApplyItem, b: ApplyItem): number => compareRisk(a.risk, b.risk) || compareStrings(a.scope, b.scope);

/** Connection defaults first (an apply that revokes one breaks a connection), then the most severe. */
export const revokeOrder = (a: ApplyItem, b: ApplyItem): number => Number(b.breaks !== undefined) - Number(a.breaks !== undefined) || byRisk(a, b);

/** What qualifies an item beside its risk: the connections it breaks, or the scope that covers it today. */
export function applyItemNote(x: ApplyItem): string {
  if (x.breaks) return `connection default of ${x.breaks.join(' and ')}`;
  if (x.coveredBy !== undefined) return `held through ${x.coveredBy} today`;
  return '';
}

/** The high-risk grants an app holds, the undeclared ones (an apply revokes them) first. */
export function highRiskHeld(granted: readonly string[], declared: ReadonlySet<string>, levelOf: (scope: string) => RiskLevel): { scope: string; declared: boolean }[] {
  return granted
    .filter((s) => levelOf(s) === 'high')
    .map((scope) => ({ scope, declared: declared.has(scope) }))
    .sort((a, b) => Number(a.declared) - Number(b.declared) || compareStrings(a.scope, b.scope));
}
