import { stableStringify, writeStableJson } from '../../src/output/stable-json';

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

describe('writeStableJson', () => {
  const big = { list: Array.from({ length: 40_000 }, (_, i) => ({ n: i, name: `item ${i}`, nested: { ok: true } })) };

  it('hands on the same text as stableStringify, in pieces of about 64 KB', () => {
    const chunks: string[] = [];
    writeStableJson(big, {}, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.slice(0, -1).every((c) => c.length >= 1 << 16 && c.length < (1 << 16) + 100)).toBe(true);
    expect(chunks.join('')).toBe(stableStringify(big));
    expect(chunks.join('')).toBe(JSON.stringify(big, null, 2));
  });

  it('writes a repeated object once per depth and hands on that one text for each use', () => {
    const shared = { z: 1, a: [1, 2] };
    const value = { one: shared, list: [shared, { deeper: shared }, shared] };
    const chunks: string[] = [];
    writeStableJson(value, { repeated: new Set([shared]), keyOrder: ['z'] }, (c) => chunks.push(c));
    expect(chunks.join('')).toBe(stableStringify(value, { keyOrder: ['z'] }));
    const texts = chunks.filter((c) => c.startsWith('{\n'));
    expect(texts.length).toBeGreaterThanOrEqual(3);
    const atListDepth = chunks.filter((c) => c === texts[1]);
    expect(atListDepth).toHaveLength(2);
  });

  it('names the path of what it cannot write, inside a repeated object too', () => {
    const shared = { bad: [1, Infinity] };
    expect(() => writeStableJson({ a: [shared] }, { repeated: new Set([shared]) }, () => undefined)).toThrow(/\$\.a\[0\]\.bad\[1\] is Infinity/);
  });
});
