import fc from 'fast-check';
import { closest, editDistance, normalize } from '../../src/util/suggest';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('readuser', 'raeduser')).toBe(1);
    expect(editDistance('logs', 'log')).toBe(1);
  });

  it('is symmetric and bounded by the lengths', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
      }),
    );
  });

  it('with a limit, returns the distance or limit + 1 when it is further', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), fc.nat(6), (a, b, limit) => {
        expect(editDistance(a, b, limit)).toBe(Math.min(editDistance(a, b), limit + 1));
      }),
    );
  });
});

describe('closest', () => {
  const cards = ['Read User', 'Read Group', 'Search Users', 'Search System Logs', 'Create User'];

  it('finds near misses case- and space-insensitively', () => {
    expect(closest('search system log', cards)).toEqual(['Search System Logs']);
    expect(closest('READUSER', cards)[0]).toBe('Read User');
    expect(closest('Raed Usr', cards)).toEqual(['Read User']);
  });

  it('suggests nothing absurd', () => {
    expect(closest('x', cards)).toEqual([]);
    expect(closest('Frobnicate', cards)).toEqual([]);
    expect(closest('', cards)).toEqual([]);
    expect(closest('   ', cards)).toEqual([]);
    expect(closest('ab', ['email', 'phone'])).toEqual([]);
  });

  it('orders by distance, then alphabetically, and respects max', () => {
    expect(closest('cat', ['bat', 'act', 'cast', 'cut', 'dog'])).toEqual(['act', 'bat', 'cast']);
    expect(closest('cat', ['bat', 'act', 'cast', 'cut'], 2)).toEqual(['act', 'bat']);
    expect(closest('cat', ['bat'], 0)).toEqual([]);
    expect(closest('okta.users.raed', ['okta.users.read', 'okta.users.manage', 'okta.groups.read'])).toEqual([
      'okta.users.read',
    ]);
  });

  it('offers spellings that normalise alike once', () => {
    expect(closest('read usr', ['Read User', 'read user', 'ReadUser'])).toEqual(['Read User']);
  });

  it('returns a deterministic subset of the candidates', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 12 }), (input, cands) => {
        const out = closest(input, cands);
        expect(out.length).toBeLessThanOrEqual(3);
        for (const o of out) expect(cands).toContain(o);
        expect(closest(input, [...cands].reverse())).toEqual(out);
        const dists = out.map((o) => editDistance(normalize(input), normalize(o)));
        expect([...dists].sort((x, y) => x - y)).toEqual(dists);
      }),
    );
  });
});
