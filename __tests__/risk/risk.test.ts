import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRisk, defaultRiskTable, globMatch, parseRiskTable, riskOf, RISK_LEVELS, type RiskLevel } from '../../src/core/risk';
import { UserError } from '../../src/util/diagnostics';
import { SHARED_DIR, sharedPresent } from '../support/shared';

interface ScopeRow {
  scope: string;
  kind: string;
  autoGranted?: boolean;
}

/** Rows of a scope list (`scopes.txt` or `data/scopes.tsv`): `#` comments, optional header row, tab-separated. */
function readScopeList(path: string): ScopeRow[] {
  const rows = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  const header = rows[0]?.[0] === 'scope' ? rows.shift() : undefined;
  const autoCol = header?.indexOf('autoGranted') ?? -1;
  return rows.map((r) => ({ scope: r[0].trim(), kind: (r[1] ?? '').trim(), ...(autoCol >= 0 ? { autoGranted: r[autoCol] === 'true' } : {}) }));
}

const SHARED = join(SHARED_DIR, 'okta', 'scopes.txt');
const PROJECT = join(__dirname, '..', '..', 'data', 'scopes.tsv');
const lists: [string, ScopeRow[]][] = [];
if (sharedPresent('okta/scopes.txt', "Okta's scope list check")) lists.push([SHARED, readScopeList(SHARED)]);
if (existsSync(PROJECT)) lists.push([PROJECT, readScopeList(PROJECT)]);

describe.each(lists)('every scope in %s', (_file, rows) => {
  it('is a real list', () => {
    expect(rows.length).toBeGreaterThan(100);
  });

  it('gets a level and a one-line rationale from a named rule', () => {
    for (const { scope } of rows) {
      const r = riskOf(scope);
      expect(RISK_LEVELS).toContain(r.level);
      expect(r.rationale).toMatch(/^[^\n]+$/);
      // The catch-all is for scopes Okta adds later, not for the ones we know.
      expect([scope, r.rule]).not.toEqual([scope, '*']);
    }
  });

  it('never rates a read or an OIDC scope high', () => {
    for (const { scope, kind } of rows) {
      if (kind.startsWith('read') || kind === 'oidc') expect([scope, riskOf(scope).level]).not.toEqual([scope, 'high']);
    }
  });

  it('never rates a manage scope below its read scope', () => {
    const known = new Set(rows.map((r) => r.scope));
    for (const { scope } of rows) {
      const read = scope.replace(/\.manage(\.self)?$/, '.read$1');
      if (read === scope || !known.has(read)) continue;
      expect([scope, compareRisk(riskOf(scope).level, riskOf(read).level) <= 0]).toEqual([scope, true]);
    }
  });

  it('rates auto-granted scopes low and says they are auto-granted', () => {
    const auto = rows.filter((r) => r.autoGranted ?? ['openid', 'profile', 'email', 'phone', 'address', 'groups', 'offline_access'].includes(r.scope));
    expect(auto.length).toBeGreaterThanOrEqual(7);
    for (const { scope } of auto) {
      const r = riskOf(scope);
      expect([scope, r.level]).toEqual([scope, 'low']);
      expect(r.rationale).toMatch(/auto-granted/);
    }
  });

  it('leaves no rule of data/risk.yaml unused (a typo in a glob would)', () => {
    const unused = defaultRiskTable()
      .rules.flatMap((r) => r.match)
      .filter((g) => g !== '*' && !rows.some((row) => globMatch(g, row.scope)));
    expect(unused).toEqual([]);
  });
});

describe('riskOf with data/risk.yaml', () => {
  it.each<[string, RiskLevel, string]>([
    ['okta.roles.manage', 'high', 'okta.roles.manage'],
    ['okta.appGrants.manage', 'high', 'okta.appGrants.manage'],
    ['okta.apiTokens.manage', 'high', 'okta.apiTokens.manage'],
    ['okta.clients.manage', 'high', 'okta.clients.manage'],
    ['okta.authorizationServers.manage', 'high', 'okta.authorizationServers.manage'],
    ['okta.policies.manage', 'high', 'okta.policies.manage'],
    ['okta.idps.manage', 'high', 'okta.idps.manage'],
    ['okta.users.manage', 'high', 'okta.users.manage'],
    ['okta.groups.manage', 'high', 'okta.groups.manage'],
    ['okta.apps.manage', 'high', 'okta.apps.manage'],
    ['okta.inlineHooks.manage', 'high', 'okta.inlineHooks.manage'],
    ['okta.eventHooks.manage', 'medium', 'okta.eventHooks.manage'],
    ['okta.brands.manage', 'medium', '*.manage'],
    ['okta.governance.collections.manage', 'medium', '*.manage'],
    ['okta.logs.read', 'medium', 'okta.logs.read'],
    ['okta.users.read', 'medium', 'okta.users.read'],
    ['okta.roles.read', 'low', '*.read'],
    ['ssf.read', 'low', '*.read'],
    ['okta.users.manage.self', 'low', 'okta.*.self'],
    ['okta.myAccount.password.manage', 'low', 'okta.myAccount.*'],
    ['openid', 'low', 'openid'],
    ['offline_access', 'low', 'offline_access'],
    ['okta.futureThing.manage', 'medium', '*.manage'],
    ['okta.futureThing.read', 'low', '*.read'],
    ['okta.futureThing.invoke', 'medium', '*'],
  ])('%s → %s by %s', (scope, level, rule) => {
    expect(riskOf(scope)).toMatchObject({ level, rule, source: 'rule' });
  });

  it('applies an exact override before any rule', () => {
    expect(riskOf('okta.realms.read')).toMatchObject({ level: 'low', rule: 'okta.realms.read', source: 'override' });
    expect(riskOf('okta.realms.read').rationale).toMatch(/Okta Realms/);
  });

  it('sorts levels most severe first', () => {
    const levels: RiskLevel[] = ['low', 'high', 'medium', 'low'];
    expect(levels.sort(compareRisk)).toEqual(['high', 'medium', 'low', 'low']);
  });
});

describe('rule precedence', () => {
  const table = parseRiskTable(
    [
      'rules:',
      '  - match: okta.users.read',
      '    level: medium',
      '    rationale: exact first',
      '  - match: ["okta.users.*", "okta.*.manage"]',
      '    level: high',
      '    rationale: glob second',
      '  - match: "*.read"',
      '    level: low',
      '    rationale: reads',
      '  - match: "*"',
      '    level: medium',
      '    rationale: catch-all',
      'overrides:',
      '  okta.users.manage:',
      '    level: low',
      '    rationale: overridden',
    ].join('\n'),
    'inline.yaml',
  );

  it('lets the first matching rule win', () => {
    expect(riskOf('okta.users.read', table)).toMatchObject({ level: 'medium', rule: 'okta.users.read' });
    expect(riskOf('okta.users.read.self', table)).toMatchObject({ level: 'high', rule: 'okta.users.*' });
    expect(riskOf('okta.apps.read', table)).toMatchObject({ level: 'low', rule: '*.read' });
  });

  it('reports which glob of a rule matched', () => {
    expect(riskOf('okta.apps.manage', table)).toMatchObject({ level: 'high', rule: 'okta.*.manage' });
  });

  it('puts overrides above every rule', () => {
    expect(riskOf('okta.users.manage', table)).toMatchObject({ level: 'low', rule: 'okta.users.manage', source: 'override', rationale: 'overridden' });
  });

  it('falls through to the catch-all', () => {
    expect(riskOf('custom', table)).toMatchObject({ level: 'medium', rule: '*' });
  });

  it('records where each rule is written', () => {
    expect(table.rules.map((r) => r.loc.line)).toEqual([2, 5, 8, 11]);
  });
});

describe('risk table checks', () => {
  function problems(yaml: string): string {
    try {
      parseRiskTable(yaml, 'risk.yaml');
    } catch (e) {
      if (e instanceof UserError) return e.message;
      throw e;
    }
    throw new Error('table accepted');
  }
  const rule = (match: string, level = 'low', rationale = 'why'): string => `  - match: ${match}\n    level: ${level}\n    rationale: ${rationale}\n`;

  it.each<[string, string, RegExp]>([
    ['no catch-all', `rules:\n${rule('"*.read"')}`, /risk\.yaml:2:5: error: the last rule must match "\*"/],
    ['rules after the catch-all', `rules:\n${rule('"*"')}${rule('"*.read"')}`, /risk\.yaml:5:5: error: rules after the catch-all/],
    ['an exact pattern shadowed by an earlier glob', `rules:\n${rule('"okta.*.manage"')}${rule('okta.roles.manage', 'high')}${rule('"*"')}`, /"okta\.roles\.manage" is already matched by the rule at line 2/],
    ['a duplicate pattern', `rules:\n${rule('"*.read"')}${rule('"*.read"')}${rule('"*"')}`, /"\*\.read" is already listed at line 2/],
    ['an unknown level', `rules:\n${rule('"*"', 'severe')}`, /risk\.yaml:3:12: error: level must be one of high, medium, low/],
    ['a multi-line rationale', `rules:\n  - match: "*"\n    level: low\n    rationale: |\n      one\n      two\n`, /rationale must be one non-empty line/],
    ['a bad glob', `rules:\n${rule('"okta.roles.?"')}${rule('"*"')}`, /"okta\.roles\.\?" is not a scope glob/],
    ['an unknown rule key', `rules:\n  - match: "*"\n    level: low\n    rationale: why\n    levle: high\n`, /risk\.yaml:5:5: error: unknown key "levle"/],
    ['an override that is a glob', `rules:\n${rule('"*"')}overrides:\n  "okta.*.read":\n    level: low\n    rationale: why\n`, /override key "okta\.\*\.read" is not a scope name/],
    ['no rules', 'overrides: {}\n', /missing `rules`/],
    ['a YAML syntax error', 'rules: [\n', /risk\.yaml:\d+:\d+: error:/],
  ])('rejects %s', (_name, yaml, message) => {
    expect(problems(yaml)).toMatch(message);
  });

  it('reports every problem at once', () => {
    const msg = problems(`rules:\n${rule('"*.read"', 'severe')}${rule('"*"', 'low', '""')}`);
    expect(msg).toMatch(/level must be one of/);
    expect(msg).toMatch(/rationale must be one non-empty line/);
  });
});
