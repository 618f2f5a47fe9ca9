import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentLocator, fastParse, type PathSeg } from '../manifest/nodes';
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
 * catch-all, a rule no scope can reach) are reported together, each with its line. Read with the
 * same fast parser as scopes.yaml: every check, diff and review loads this file.
 */
export function parseRiskTable(text: string, file: string): RiskTable {
  const diags: Diagnostic[] = [];
  const fast = fastParse(text, file, () => documentLocator(text, file));
  if (!fast) {
    // Only a syntax error lands here: let the yaml library say where.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseDocument, LineCounter } = require('yaml') as typeof import('yaml');
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    for (const e of doc.errors) {
      const { line, col } = lc.linePos(e.pos[0]);
      diags.push({ severity: 'error', code: 'yaml-syntax', message: e.message, loc: { file, line, column: col } });
    }
    if (diags.length === 0) diags.push({ severity: 'error', code: 'yaml-syntax', message: 'not valid YAML', loc: { file, line: 1, column: 1 } });
    throw new UserError(diags);
  }
  const { data: root, locator } = fast;
  const locOf = (path: PathSeg[]): SourceLoc => locator.loc(path);
  const err = (path: PathSeg[], code: string, message: string, hint?: string, key?: string): void => {
    diags.push({ severity: 'error', code, message, loc: key === undefined ? locOf(path) : locator.keyLoc(path, key), ...(hint ? { hint } : {}) });
  };

  const rules: RiskRule[] = [];
  const overrides = new Map<string, RiskOverride>();
  if (!isRecord(root)) {
    err([], 'risk-table', 'a risk table is a mapping with `rules` and `overrides`');
    throw new UserError(diags);
  }

  for (const key of Object.keys(root)) {
    if (key === 'rules') readRules(root.rules);
    else if (key === 'overrides') readOverrides(root.overrides);
    else err([], 'risk-table', `unknown key ${JSON.stringify(key)}`, 'expected `rules` or `overrides`', key);
  }
  if (!('rules' in root)) err([], 'risk-table', 'missing `rules`');

  checkCoverage();
  if (diags.length > 0) throw new UserError(diags);
  return { rules, overrides };

  function readRules(node: unknown): void {
    if (!Array.isArray(node) || node.length === 0) {
      err(['rules'], 'risk-table', '`rules` must be a non-empty list');
      return;
    }
    node.forEach((item: unknown, i) => {
      const path: PathSeg[] = ['rules', i];
      if (!isRecord(item)) {
        err(path, 'risk-table', 'a rule is a mapping with `match`, `level` and `rationale`');
        return;
      }
      checkKeys(item, path, RULE_KEYS);
      const match = readGlobs(item.match, [...path, 'match']);
      const level = readLevel(item.level, [...path, 'level']);
      const rationale = readRationale(item.rationale, [...path, 'rationale']);
      if (match && level && rationale) rules.push({ match, level, rationale, loc: locOf(path) });
    });
  }

  function readOverrides(node: unknown): void {
    if (node === null || node === undefined) return;
    if (!isRecord(node)) {
      err(['overrides'], 'risk-table', '`overrides` must map scope names to { level, rationale }');
      return;
    }
    for (const [scope, value] of Object.entries(node)) {
      const path: PathSeg[] = ['overrides', scope];
      if (!isScopeName(scope)) {
        err(['overrides'], 'risk-table', `override key ${JSON.stringify(scope)} is not a scope name`, 'overrides are exact scope names; use a rule for globs', scope);
        continue;
      }
      if (!isRecord(value)) {
        err(path, 'risk-table', `override ${scope} must be a mapping with level and rationale`);
        continue;
      }
      checkKeys(value, path, OVERRIDE_KEYS);
      const level = readLevel(value.level, [...path, 'level']);
      const rationale = readRationale(value.rationale, [...path, 'rationale']);
      if (level && rationale) overrides.set(scope, { scope, level, rationale, loc: locator.keyLoc(['overrides'], scope) });
    }
  }

  function checkKeys(obj: Record<string, unknown>, path: PathSeg[], allowed: string[]): void {
    for (const name of Object.keys(obj)) {
      if (!allowed.includes(name)) {
        err(path, 'risk-table', `unknown key ${JSON.stringify(name)}`, `expected ${allowed.map((a) => `\`${a}\``).join(', ')}`, name);
      }
    }
  }

  function readGlobs(node: unknown, path: PathSeg[]): string[] | undefined {
    const items = Array.isArray(node) ? node : node === undefined || node === null ? undefined : [node];
    if (!items || items.length === 0) {
      err(path, 'risk-table', '`match` must be a glob or a non-empty list of globs');
      return undefined;
    }
    const out: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const g: unknown = items[i];
      if (typeof g !== 'string' || !isValidGlob(g)) {
        err(Array.isArray(node) ? [...path, i] : path, 'risk-table', `${JSON.stringify(g ?? null)} is not a scope glob`, 'globs hold scope-name characters and `*`');
        return undefined;
      }
      out.push(g);
    }
    return out;
  }

  function readLevel(node: unknown, path: PathSeg[]): RiskLevel | undefined {
    const level = RISK_LEVELS.find((l) => l === node);
    if (!level) err(path, 'risk-level', `level must be one of ${RISK_LEVELS.join(', ')}`);
    return level;
  }

  function readRationale(node: unknown, path: PathSeg[]): string | undefined {
    const v = typeof node === 'string' ? node.trim() : '';
    if (v === '' || v.includes('\n')) {
      err(path, 'risk-rationale', 'rationale must be one non-empty line', 'it is printed next to the scope in reports');
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
