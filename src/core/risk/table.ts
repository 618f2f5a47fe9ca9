// Parses and checks a risk table (data/risk.yaml): its rules, its overrides, and that every scope reaches a rule.
import { documentLocator, fastParse, type Locator, type PathSeg } from '../../util/yaml-locator';
import { simpleParse } from '../../util/yaml-simple';
import { isScopeName } from '../scopes';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import { isPlainObject } from '../../util/json';
import { globMatch, hasWildcard, isValidGlob } from './glob';
import { RISK_LEVELS, type RiskLevel, type RiskOverride, type RiskRule, type RiskTable } from './types';

const RULE_KEYS = ['match', 'level', 'rationale'];
const OVERRIDE_KEYS = ['level', 'rationale'];

/** Collects a table's errors, each at the node (or the key) it is about. */
interface Problems {
  diags: Diagnostic[];
  locator: Locator;
  err(path: PathSeg[], code: string, message: string, hint?: string, key?: string): void;
}

function problemsAt(locator: Locator): Problems {
  const diags: Diagnostic[] = [];
  return {
    diags,
    locator,
    err: (path, code, message, hint, key) => {
      diags.push({ severity: 'error', code, message, loc: key === undefined ? locator.loc(path) : locator.keyLoc(path, key), ...(hint ? { hint } : {}) });
    },
  };
}

/**
 * Parses and checks a risk table. Errors a table author can make (bad level, bad glob, missing
 * catch-all, a rule no scope can reach) are reported together, each with its line. Read with the
 * same fast parsers as scopes.yaml (the plain-YAML one reads the shipped table without loading
 * js-yaml): every check, diff and review loads this file.
 */
export function parseRiskTable(text: string, file: string): RiskTable {
  const fast = simpleParse(text, file) ?? fastParse(text, file, () => documentLocator(text, file));
  if (!fast) throw new UserError(syntaxErrors(text, file));
  const { data: root, locator } = fast;
  const p = problemsAt(locator);

  const rules: RiskRule[] = [];
  const overrides = new Map<string, RiskOverride>();
  if (!isPlainObject(root)) {
    p.err([], 'risk-table', 'a risk table is a mapping with `rules` and `overrides`');
    throw new UserError(p.diags);
  }

  for (const key of Object.keys(root)) {
    if (key === 'rules') readRules(root.rules, rules, p);
    else if (key === 'overrides') readOverrides(root.overrides, overrides, p);
    else p.err([], 'risk-table', `unknown key ${JSON.stringify(key)}`, 'expected `rules` or `overrides`', key);
  }
  if (!('rules' in root)) p.err([], 'risk-table', 'missing `rules`');

  checkCoverage(rules, p.diags);
  if (p.diags.length > 0) throw new UserError(p.diags);
  return { rules, overrides };
}

/** Only a syntax error lands here: let the yaml library say where. */
function syntaxErrors(text: string, file: string): Diagnostic[] {
  const diags: Diagnostic[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument, LineCounter } = require('yaml') as typeof import('yaml');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    const { line, col } = lc.linePos(e.pos[0]);
    diags.push({ severity: 'error', code: 'yaml-syntax', message: e.message, loc: { file, line, column: col } });
  }
  if (diags.length === 0) diags.push({ severity: 'error', code: 'yaml-syntax', message: 'not valid YAML', loc: { file, line: 1, column: 1 } });
  return diags;
}

function readRules(node: unknown, rules: RiskRule[], p: Problems): void {
  if (!Array.isArray(node) || node.length === 0) {
    p.err(['rules'], 'risk-table', '`rules` must be a non-empty list');
    return;
  }
  node.forEach((item: unknown, i) => {
    const path: PathSeg[] = ['rules', i];
    if (!isPlainObject(item)) {
      p.err(path, 'risk-table', 'a rule is a mapping with `match`, `level` and `rationale`');
      return;
    }
    checkKeys(item, path, RULE_KEYS, p);
    const match = readGlobs(item.match, [...path, 'match'], p);
    const level = readLevel(item.level, [...path, 'level'], p);
    const rationale = readRationale(item.rationale, [...path, 'rationale'], p);
    if (match && level && rationale) rules.push({ match, level, rationale, loc: p.locator.loc(path) });
  });
}

function readOverrides(node: unknown, overrides: Map<string, RiskOverride>, p: Problems): void {
  if (node === null || node === undefined) return;
  if (!isPlainObject(node)) {
    p.err(['overrides'], 'risk-table', '`overrides` must map scope names to { level, rationale }');
    return;
  }
  for (const [scope, value] of Object.entries(node)) {
    const path: PathSeg[] = ['overrides', scope];
    if (!isScopeName(scope)) {
      p.err(['overrides'], 'risk-table', `override key ${JSON.stringify(scope)} is not a scope name`, 'overrides are exact scope names; use a rule for globs', scope);
      continue;
    }
    if (!isPlainObject(value)) {
      p.err(path, 'risk-table', `override ${scope} must be a mapping with level and rationale`);
      continue;
    }
    checkKeys(value, path, OVERRIDE_KEYS, p);
    const level = readLevel(value.level, [...path, 'level'], p);
    const rationale = readRationale(value.rationale, [...path, 'rationale'], p);
    if (level && rationale) overrides.set(scope, { scope, level, rationale, loc: p.locator.keyLoc(['overrides'], scope) });
  }
}

function checkKeys(obj: Record<string, unknown>, path: PathSeg[], allowed: string[], p: Problems): void {
  for (const name of Object.keys(obj)) {
    if (!allowed.includes(name)) {
      p.err(path, 'risk-table', `unknown key ${JSON.stringify(name)}`, `expected ${allowed.map((a) => `\`${a}\``).join(', ')}`, name);
    }
  }
}

function readGlobs(node: unknown, path: PathSeg[], p: Problems): string[] | undefined {
  const items = Array.isArray(node) ? node : node === undefined || node === null ? undefined : [node];
  if (!items || items.length === 0) {
    p.err(path, 'risk-table', '`match` must be a glob or a non-empty list of globs');
    return undefined;
  }
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const g: unknown = items[i];
    if (typeof g !== 'string' || !isValidGlob(g)) {
      p.err(Array.isArray(node) ? [...path, i] : path, 'risk-table', `${JSON.stringify(g ?? null)} is not a scope glob`, 'globs hold scope-name characters and `*`');
      return undefined;
    }
    out.push(g);
  }
  return out;
}

function readLevel(node: unknown, path: PathSeg[], p: Problems): RiskLevel | undefined {
  const level = RISK_LEVELS.find((l) => l === node);
  if (!level) p.err(path, 'risk-level', `level must be one of ${RISK_LEVELS.join(', ')}`);
  return level;
}

function readRationale(node: unknown, path: PathSeg[], p: Problems): string | undefined {
  const v = typeof node === 'string' ? node.trim() : '';
  if (v === '' || v.includes('\n')) {
    p.err(path, 'risk-rationale', 'rationale must be one non-empty line', 'it is printed next to the scope in reports');
    return undefined;
  }
  return v;
}

/** A catch-all last, nothing after a catch-all, and no exact pattern shadowed by an earlier rule. */
function checkCoverage(rules: RiskRule[], diags: Diagnostic[]): void {
  if (rules.length === 0) return;
  checkCatchAll(rules, diags);
  checkShadowing(rules, diags);
}

function checkCatchAll(rules: RiskRule[], diags: Diagnostic[]): void {
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
}

function checkShadowing(rules: RiskRule[], diags: Diagnostic[]): void {
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
