// The risk levels and the shape of a risk table (rules, overrides) and of the risk it gives a scope.
import type { SourceLoc } from '../../util/diagnostics';

export type RiskLevel = 'high' | 'medium' | 'low';
/** Most severe first. */
export const RISK_LEVELS: readonly RiskLevel[] = ['high', 'medium', 'low'];

export interface RiskRule {
  /** Globs; the rule applies when any matches. */
  match: string[];
  level: RiskLevel;
  rationale: string;
  loc: SourceLoc;
}

export interface RiskOverride {
  scope: string;
  level: RiskLevel;
  rationale: string;
  loc: SourceLoc;
}

export interface RiskTable {
  /** In file order; the first match wins and the last one matches everything. */
  rules: RiskRule[];
  overrides: Map<string, RiskOverride>;
}

export interface Risk {
  level: RiskLevel;
  rationale: string;
  /** The glob that matched, or the scope itself for an override. */
  rule: string;
  source: 'override' | 'rule';
}
