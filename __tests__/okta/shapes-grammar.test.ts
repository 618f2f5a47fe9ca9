import { checkShape, typeName } from '../../src/sources/okta/shapes';

describe('shape errors name the wrong type with its article', () => {
  test('"the grant list is an object", never "a object"', () => {
    expect(checkShape('grantList', { grants: [] })).toEqual({ ok: false, problem: 'the grant list is an object, expected an array' });
    expect(checkShape('app', [])).toEqual({ ok: false, problem: 'the app is an array, expected an object' });
    expect(checkShape('appList', 'x')).toEqual({ ok: false, problem: 'the app list is a string, expected an array' });
  });

  test.each([
    [{}, 'an object'],
    [[], 'an array'],
    ['s', 'a string'],
    [1, 'a number'],
    [true, 'a boolean'],
    [null, 'null'],
    [undefined, 'undefined'],
    [1n, 'a bigint'],
  ])('%p is %s', (v, expected) => {
    expect(typeName(v)).toBe(expected);
  });
});
