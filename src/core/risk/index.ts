import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../util/paths';
import { globMatch } from './glob';
import { parseRiskTable } from './table';
import { RISK_LEVELS, type Risk, type RiskLevel, type RiskTable } from './types';

export { globMatch, hasWildcard, isValidGlob } from './glob';
export { parseRiskTable } from './table';
export { RISK_LEVELS, type Risk, type RiskLevel, type RiskOverride, type RiskRule, type RiskTable } from './types';

/** Negative when `a` is more severe, for sorting high → low. */
export function compareRisk(a: RiskLevel, b: RiskLevel): number {
  return RISK_LEVELS.indexOf(a) - RISK_LEVELS.indexOf(b);
}

export function riskOf(scope: string, table: RiskTable = defaultRiskTable()): Risk {
  const o = table.overrides.get(scope);
  if (o) return { level: o.level, rationale: o.rationale, rule: scope, source: 'override' };
  for (const r of table.rules) {
    const hit = r.match.find((g) => globMatch(g, scope));
    if (hit !== undefined) return { level: r.level, rationale: r.rationale, rule: hit, source: 'rule' };
  }
  // parseRiskTable guarantees a final `*`; reaching here means a table was built by hand without one.
  throw new Error(`risk table has no rule for ${scope}: its last rule must match "*"`);
}

let cached: RiskTable | undefined;

/** The shipped `data/risk.yaml`, parsed once. */
export function defaultRiskTable(): RiskTable {
  if (!cached) cached = loadRiskTable(join(projectRoot(), 'data', 'risk.yaml'));
  return cached;
}

export function loadRiskTable(path: string): RiskTable {
  return parseRiskTable(readFileSync(path, 'utf8'), path);
}
