import { stableStringify } from '../../src/output/stable-json';

describe('stableStringify', () => {
  it('sorts keys recursively in code-unit order, integer-like keys included', () => {
    // JSON.stringify would put "2" and "10" first, in numeric order.
    const out = stableStringify({ b: 1, a: { z: true, y: null }, 10: 'x', 2: 'y', B: [{ d: 1, c: 2 }] }, { indent: 0 });
    expect(out).toBe('{"10":"x","2":"y","B":[{"c":2,"d":1}],"a":{"y":null,"z":true},"b":1}');
  });

  it('puts keyOrder keys first, in that order, at every depth', () => {
    const out = stableStringify({ zeta: 1, name: 'n', list: [{ zeta: 2, name: 'm', alpha: 0 }] }, {
      keyOrder: ['name', 'zeta'],
      indent: 0,
    });
    expect(out).toBe('{"name":"n","zeta":1,"list":[{"name":"m","zeta":2,"alpha":0}]}');
  });

  it('is byte-identical whatever the insertion order', () => {
    const a: Record<string, unknown> = {};
    a.x = 1;
    a.y = { q: [1, 2], p: 'é"\n' };
    const b: Record<string, unknown> = {};
    b.y = { p: 'é"\n', q: [1, 2] };
    b.x = 1;
    expect(stableStringify(a)).toBe(stableStringify(b));
  });

  it('indents like JSON.stringify and round-trips through JSON.parse', () => {
    const value = { a: [1, 'two', { c: false }], b: {}, e: [], s: 'tab\t"quote" \u2028' };
    const out = stableStringify(value);
    expect(out).toBe(JSON.stringify(value, null, 2));
    expect(JSON.parse(out)).toEqual(value);
  });

  it('leaves out undefined members', () => {
    expect(stableStringify({ a: undefined, b: 1 }, { indent: 0 })).toBe('{"b":1}');
  });

  it('throws on what JSON cannot represent', () => {
    expect(() => stableStringify({ n: NaN })).toThrow(/\$\.n is NaN/);
    expect(() => stableStringify({ f: () => 1 })).toThrow(/function/);
    expect(() => stableStringify([undefined])).toThrow(/undefined/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/circular/);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(stableStringify({ a: shared, b: shared }, { indent: 0 })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });
});
