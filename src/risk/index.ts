import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { isScopeName } from '../explain/scopeName';
import { UserError, type Diagnostic, type SourceLoc } from '../util/diagnostics';
import { projectRoot } from '../util/paths';
import { globMatch, hasWildcard, isValidGlob } from './glob';

export { globMatch, hasWildcard, isValidGlob } from './glob';

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

const RULE_KEYS = ['match', 'level', 'rationale'];
const OVERRIDE_KEYS = ['level', 'rationale'];

/**
 * Parses and checks a risk table. Errors a table author can make (bad level, bad glob, missing
 * catch-all, a rule no scope can reach) are reported together, each with its line.
 */
export function parseRiskTable(text: string, file: string): RiskTable {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const diags: Diagnostic[] = [];
  const locOf = (node: unknown): SourceLoc => {
    const offset = isNodeWithRange(node) ? node.range[0] : 0;
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
  const err = (node: unknown, code: string, message: string, hint?: string): void => {
    diags.push({ severity: 'error', code, message, loc: locOf(node), ...(hint ? { hint } : {}) });
  };

  for (const e of doc.errors) {
    const { line, col } = lc.linePos(e.pos[0]);
    diags.push({ severity: 'error', code: 'yaml-syntax', message: e.message, loc: { file, line, column: col } });
  }
  if (diags.length > 0) throw new UserError(diags);

  const rules: RiskRule[] = [];
  const overrides = new Map<string, RiskOverride>();
  const root = doc.contents;
  if (!isMap(root)) {
    err(root, 'risk-table', 'a risk table is a mapping with `rules` and `overrides`');
    throw new UserError(diags);
  }

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'rules') readRules(pair.value);
    else if (key === 'overrides') readOverrides(pair.value);
    else err(pair.key, 'risk-table', `unknown key ${JSON.stringify(key)}`, 'expected `rules` or `overrides`');
  }
  if (!root.has('rules')) err(root, 'risk-table', 'missing `rules`');

  checkCoverage();
  if (diags.length > 0) throw new UserError(diags);
  return { rules, overrides };

  function readRules(node: unknown): void {
    if (!isSeq(node) || node.items.length === 0) {
      err(node, 'risk-table', '`rules` must be a non-empty list');
      return;
    }
    for (const item of node.items) {
      if (!isMap(item)) {
        err(item, 'risk-table', 'a rule is a mapping with `match`, `level` and `rationale`');
        continue;
      }
      checkKeys(item.items.map((p) => p.key), RULE_KEYS);
      const match = readGlobs(item.get('match', true), item);
      const level = readLevel(item.get('level', true), item);
      const rationale = readRationale(item.get('rationale', true), item);
      if (match && level && rationale) rules.push({ match, level, rationale, loc: locOf(item) });
    }
  }

  function readOverrides(node: unknown): void {
    if (node === null || (isScalar(node) && node.value === null)) return;
    if (!isMap(node)) {
      err(node, 'risk-table', '`overrides` must map scope names to { level, rationale }');
      return;
    }
    for (const pair of node.items) {
      const scope = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!isScopeName(scope)) {
        err(pair.key, 'risk-table', `override key ${JSON.stringify(scope)} is not a scope name`, 'overrides are exact scope names; use a rule for globs');
        continue;
      }
      if (!isMap(pair.value)) {
        err(pair.value ?? pair.key, 'risk-table', `override ${scope} must be a mapping with level and rationale`);
        continue;
      }
      checkKeys(pair.value.items.map((p) => p.key), OVERRIDE_KEYS);
      const level = readLevel(pair.value.get('level', true), pair.value);
      const rationale = readRationale(pair.value.get('rationale', true), pair.value);
      if (level && rationale) overrides.set(scope, { scope, level, rationale, loc: locOf(pair.key) });
    }
  }

  function checkKeys(keys: unknown[], allowed: string[]): void {
    for (const k of keys) {
      const name = isScalar(k) ? String(k.value) : '';
      if (!allowed.includes(name)) {
        err(k, 'risk-table', `unknown key ${JSON.stringify(name)}`, `expected ${allowed.map((a) => `\`${a}\``).join(', ')}`);
      }
    }
  }

  function readGlobs(node: unknown, owner: unknown): string[] | undefined {
    const scalars = isScalar(node) ? [node] : isSeq(node) ? node.items : undefined;
    if (!scalars || scalars.length === 0) {
      err(node ?? owner, 'risk-table', '`match` must be a glob or a non-empty list of globs');
      return undefined;
    }
    const out: string[] = [];
    for (const s of scalars) {
      const g = isScalar(s) && typeof s.value === 'string' ? s.value : undefined;
      if (g === undefined || !isValidGlob(g)) {
        err(s, 'risk-table', `${JSON.stringify(isScalar(s) ? s.value : null)} is not a scope glob`, 'globs hold scope-name characters and `*`');
        return undefined;
      }
      out.push(g);
    }
    return out;
  }

  function readLevel(node: unknown, owner: unknown): RiskLevel | undefined {
    const v = isScalar(node) ? node.value : undefined;
    const level = RISK_LEVELS.find((l) => l === v);
    if (!level) err(node ?? owner, 'risk-level', `level must be one of ${RISK_LEVELS.join(', ')}`);
    return level;
  }

  function readRationale(node: unknown, owner: unknown): string | undefined {
    const v = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : '';
    if (v === '' || v.includes('\n')) {
      err(node ?? owner, 'risk-rationale', 'rationale must be one non-empty line', 'it is printed next to the scope in reports');
      return undefined;
    }
    return v;
  }

  /** A catch-all last, nothing after a catch-all, and no exact pattern shadowed by an earlier rule. */
  function checkCoverage(): void {
    if (rules.length === 0) return;
    const catchAll = rules.findIndex((r) => r.match.some((g) => /^\*+$/.test(g)));
    if (catchAll === -1) {
      diags.push({
        severity: 'error',
        code: 'risk-no-catch-all',
        message: 'the last rule must match "*" so that every scope gets a level',
        loc: rules[rules.length - 1].loc,
      });
    } else if (catchAll !== rules.length - 1) {
      diags.push({
        severity: 'error',
        code: 'risk-unreachable',
        message: 'rules after the catch-all "*" can never match',
        loc: rules[catchAll + 1].loc,
      });
    }
    const seen = new Map<string, RiskRule>();
    rules.forEach((r, i) => {
      for (const g of r.match) {
        const dup = seen.get(g);
        if (dup) {
          diags.push({ severity: 'error', code: 'risk-duplicate', message: `"${g}" is already listed at line ${dup.loc.line}`, loc: r.loc });
          continue;
        }
        seen.set(g, r);
        if (hasWildcard(g)) continue;
        const earlier = rules.slice(0, i).find((e) => e.match.some((eg) => globMatch(eg, g)));
        if (earlier) {
          diags.push({
            severity: 'error',
            code: 'risk-unreachable',
            message: `"${g}" is already matched by the rule at line ${earlier.loc.line}, so this entry never applies`,
            loc: r.loc,
          });
        }
      }
    });
  }
}

function isNodeWithRange(n: unknown): n is Node & { range: [number, number, number] } {
  return typeof n === 'object' && n !== null && 'range' in n && Array.isArray((n as { range: unknown }).range);
}
