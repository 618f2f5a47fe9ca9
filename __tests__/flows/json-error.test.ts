import fc from 'fast-check';
import { locateJsonError, positionAt } from '../../src/sources/flows';

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

describe('locateJsonError', () => {
  it.each<[string, number, boolean]>([
    ['{"a":1', 6, true],
    ['{"a":"xy', 8, true],
    ['[1,2', 4, true],
    ['{"a":tru', 8, true],
    ['{"a":-', 6, true],
    ['"\\u12', 5, true],
    ['{"a":}', 5, false],
    ['[1,]', 3, false],
    ['{"a":1}x', 7, false],
    ['{a:1}', 1, false],
    ['"tab\there"', 4, false],
    ['01', 1, false],
    ['{"a":nul }', 5, false],
  ])('%j: error at %i, truncated=%p', (text, offset, truncated) => {
    const p = locateJsonError(text);
    expect(p?.position.offset).toBe(offset);
    expect(p?.truncated).toBe(truncated);
  });

  it('agrees with JSON.parse on valid JSON and on damaged JSON', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', '}', ']', ',', '"', ':', 'x', '\\', '\n', '-', 'e'), fc.nat(3))
      .map(([s, at, ins, del]) => {
        const i = s.length === 0 ? 0 : at % s.length;
        return s.slice(0, i) + ins + s.slice(i + del);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged), (s) => {
        expect(locateJsonError(s) === undefined).toBe(parses(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('copes with nesting far deeper than a recursive parser could', () => {
    const deep = '['.repeat(200000);
    expect(locateJsonError(deep)).toMatchObject({ truncated: true, position: { offset: 200000 } });
  });

  it('positionAt gives 1-based lines and columns', () => {
    expect(positionAt('ab\ncd\n', 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(positionAt('ab\ncd\n', 4)).toEqual({ offset: 4, line: 2, column: 2 });
    expect(positionAt('ab\ncd\n', 6)).toEqual({ offset: 6, line: 3, column: 1 });
  });
});
