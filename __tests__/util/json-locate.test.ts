import { jsonPath, locateJson } from '../../src/util/json-locate';

describe('locateJson', () => {
  const text = '{\n  "orgs": [\n    {"name": "a\\"}", "n": [1, {"x": null}]},\n    {"odd key": true}\n  ]\n}\n';

  test('every value is found by its path, at its first character', () => {
    const at = locateJson(text).at;
    expect(at('')).toEqual({ line: 1, column: 1 });
    expect(at('orgs')).toEqual({ line: 2, column: 11 });
    expect(at('orgs[0]')).toEqual({ line: 3, column: 5 });
    expect(at('orgs[0].name')).toEqual({ line: 3, column: 14 });
    expect(at('orgs[0].n[1].x')).toEqual({ line: 3, column: 37 });
    expect(at('orgs[1]["odd key"]')).toEqual({ line: 4, column: 17 });
    expect(at('orgs[2]')).toBeUndefined();
    expect(locateJson(text).duplicate).toBeUndefined();
  });

  test('a repeated key is found, in any object at any depth; escapes that spell the same key count', () => {
    expect(locateJson('{"a": [{"k": 1, "j": 2, "k": 3}]}').duplicate).toEqual({ path: 'a[0].k', at: { line: 1, column: 25 }, first: { line: 1, column: 9 } });
    expect(locateJson('{"inSync": false,\n "in\\u0053ync": true}').duplicate?.path).toBe('inSync');
    // Equal keys in different objects are no repetition.
    expect(locateJson('[{"k": 1}, {"k": 2}]').duplicate).toBeUndefined();
  });

  test('paths', () => {
    expect(jsonPath('', 'orgs')).toBe('orgs');
    expect(jsonPath('orgs', 0)).toBe('orgs[0]');
    expect(jsonPath('orgs[0]', 'a-b')).toBe('orgs[0]["a-b"]');
  });
});
