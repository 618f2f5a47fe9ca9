import fc from 'fast-check';
import { globMatch, isValidGlob } from '../../src/core/risk';

describe('globMatch', () => {
  it.each<[string, string, boolean]>([
    ['okta.roles.*', 'okta.roles.read', true],
    ['okta.roles.*', 'okta.roles.manage', true],
    ['okta.roles.*', 'okta.roles', false], // the dot is literal and required
    ['okta.roles.*', 'okta.rolesX.read', false],
    ['okta.*.manage', 'okta.users.manage', true],
    ['okta.*.manage', 'okta.governance.admin.manage', true], // `*` crosses dots
    ['okta.*.manage', 'okta.users.manage.self', false], // anchored at the end
    ['okta.*.manage', 'xokta.users.manage', false], // anchored at the start
    ['okta.users.*', 'okta.users.read.self', true],
    ['*.read', 'ssf.read', true],
    ['*', '', true],
    ['*', 'anything at all', true],
    ['**', 'okta.logs.read', true],
    ['okta.logs.read', 'okta.logs.read', true],
    ['okta.logs.read', 'okta.logs.reads', false],
    ['okta.logs.read', 'okta.Logs.read', false], // case-sensitive like Okta's names
    ['okta.logs.rea?', 'okta.logs.read', false], // `?` is literal
    ['okta.*.*.manage', 'okta.a.b.manage', true],
    ['okta.*.*.manage', 'okta.a.manage', false],
    ['*a*b', 'xxaxxbxxb', true],
    ['*a*b', 'xxaxxbxxa', false],
    ['', '', true],
    ['', 'x', false],
  ])('%j vs %j → %s', (pattern, scope, want) => {
    expect(globMatch(pattern, scope)).toBe(want);
  });

  it('agrees with an anchored regex where `*` is `.*` and all else literal', () => {
    const ch = fc.constantFrom('a', 'b', '.', '*', '?', '[');
    fc.assert(
      fc.property(fc.string({ unit: ch, maxLength: 10 }), fc.string({ unit: fc.constantFrom('a', 'b', '.', '?', '['), maxLength: 12 }), (p, s) => {
        const re = new RegExp(`^${p.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
        expect(globMatch(p, s)).toBe(re.test(s));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const start = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('isValidGlob', () => {
  it.each(['okta.roles.*', '*', 'okta.*.manage', 'offline_access', 'okta.users.read.self'])('accepts %j', (g) => {
    expect(isValidGlob(g)).toBe(true);
  });
  it.each(['', 'okta roles', 'okta.roles.?', 'okta.[ab]', 'okta/roles', 'okta.roles.*\n'])('rejects %j', (g) => {
    expect(isValidGlob(g)).toBe(false);
  });
});
