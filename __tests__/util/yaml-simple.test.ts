import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastParse } from '../../src/util/yaml-locator';
import { CORE_SCHEMA } from 'js-yaml';
import { simpleParse } from '../../src/util/yaml-simple';
import { NULL_VALUE, plainValue } from '../../src/util/yaml-scalars';
import { MINIMAL } from '../fixtures';
import { yamlPaths } from '../support/yaml-paths';

const noFallback = (): never => {
  throw new Error('fell back to the slow locator');
};

/** The simple parser either gives up or reads `text` exactly as js-yaml does, data and every location. */
function agrees(text: string): boolean {
  const simple = simpleParse(text, 'f.yaml');
  if (!simple) return false;
  const fast = fastParse(text, 'f.yaml', noFallback);
  expect(fast).toBeDefined();
  expect(simple.data).toEqual(fast!.data);
  expect(Object.getPrototypeOf(simple.data)).toBe(Object.getPrototypeOf(fast!.data));
  for (const { path, key } of yamlPaths(fast!.data, { missing: true })) {
    const a = key === undefined ? simple.locator.loc(path) : simple.locator.keyLoc(path, key);
    const b = key === undefined ? fast!.locator.loc(path) : fast!.locator.keyLoc(path, key);
    expect({ path, key, loc: a }).toEqual({ path, key, loc: b });
  }
  return true;
}

const accepted: Record<string, string> = {
  minimal: MINIMAL,
  example: readFileSync(join(__dirname, '..', '..', 'scopes.yaml'), 'utf8'),
  riskTable: readFileSync(join(__dirname, '..', '..', 'data', 'risk.yaml'), 'utf8'),
  quotedFlowItems: `a: ["*.manage", 'okta.*.self', plain, "", '1', "true"]  # quoted\nb: [ "x y" ,'z']\n`,
  layout:
    '# head\n\nversion: 1   # the version\norgs:\n- name: prod\n  domain:    acme.okta.com\n\n  # between\n  app:\n    label: \'It\'\'s "ours"\'\n' +
    'flows:\n  -   name: "A # not a comment: really"\n      cards: [ Okta/Read User ,Okta/Read Group,  x y ]\n      folder: a#b c\n' +
    '  -\n    name: B\n    cards:\n    - Okta/Custom API Action: GET /api/v1/users/{id}?q=a:b\n    - card: Okta/Read User\n      method: GET\n' +
    'extraScopes: []\nn: [1, 0x1F, -2, 1.5e3, .inf, true, False, 2026-12-31, a b]\n',
  indentedRoot: '  a: 1\n  b:\n    - x\n',
  numbersAndKeys: 'version: 1\nkey with spaces  : v\nt: True\nyes: no\n',
  // YAML trims only spaces around a plain scalar: NBSP, U+3000 and U+2003 stay part of it.
  unicodeSpaces: 'a\u00a0: x\u3000\nb: [\u2003y\u00a0, z ]\nc:\n  - w\u00a0 # c\n',
};

describe('the simple YAML parser reads what js-yaml reads, at the same places', () => {
  test.each(Object.entries(accepted))('%s', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  test.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a null value', 'a:\nb: 1\n'],
    ['a null item', 'a:\n  -\n  - x\n'],
    ['an explicit null', 'a: ~\n'],
    ['a tab', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a flow mapping', 'a: {b: 1}\n'],
    ['an escape', 'a: "\\u00e9"\n'],
    ['a nested flow sequence', 'a: [[1]]\n'],
    ['a comma in a quoted flow item', 'a: ["x, y"]\n'],
    ['a quote in a quoted flow item', "a: ['it''s']\n"],
    ['an escape in a quoted flow item', 'a: ["\\t"]\n'],
    ['a quote inside a plain flow item', 'a: [x"y]\n'],
    ['a quoted key', '"a": 1\n'.replace('"a"', "'a'") + 'b: "x": y\n'],
    ['a mapping in a value', 'a: b: c\n'],
    ['a merge key', 'a: 1\n<<: {b: 2}\n'],
    ['__proto__', '__proto__: 1\n'],
    ['a top-level sequence', '- a\n'],
    ['an empty text', '# nothing\n'],
    ['a BOM', '\uFEFFa: 1\n'],
  ])('gives up on %s', (_what, text) => {
    expect(simpleParse(text, 'f.yaml')).toBeUndefined();
  });

  test.each([
    ['a declaration', 'layout'],
    ['flow sequences with quoted items', 'quotedFlowItems'],
  ])('on thousands of variants of %s, whatever it accepts js-yaml reads alike', (_what, name) => {
    // Variants: a character from YAML's indicators (or a blank) put somewhere in a valid text.
    const base = accepted[name];
    const inserts = [' ', '  ', '\n', '#', ' #', ':', ': ', '-', '- ', '[', ']', ',', '"', "'", '{', '}', '&', '*', '!', '|', '>', '?', '%', '@', '~', '0', '.'];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepts = 0;
    for (let i = 0; i < 3000; i++) {
      const at = rand(base.length + 1);
      const text = base.slice(0, at) + inserts[rand(inserts.length)] + base.slice(at);
      let ok = false;
      try {
        ok = fastParse(text, 'f.yaml', noFallback) !== undefined;
      } catch {
        ok = false; // a variant js-yaml reads but whose frames do not line up: the simple parser must not accept it either
      }
      if (!ok) expect(simpleParse(text, 'f.yaml')).toBeUndefined();
      else if (agrees(text)) accepts++;
    }
    expect(accepts).toBeGreaterThan(500);
  });
});

describe('plainValue: the scalars read without js-yaml', () => {
  /** What js-yaml's core-schema implicit types make of `raw` (NULL_VALUE for a null). */
  function coreSchema(raw: string): unknown {
    const types = (CORE_SCHEMA as unknown as { compiledImplicit: { resolve(d: string): boolean; construct(d: string): unknown }[] }).compiledImplicit;
    for (const type of types) {
      if (type.resolve(raw)) {
        const v = type.construct(raw);
        return v === null ? NULL_VALUE : v;
      }
    }
    return raw;
  }

  test('answers as the core schema does wherever it answers, and leaves the rest to it', () => {
    const words = ['true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'fALSE', 'null', 'Null', 'NULL', 'nULL', 'no', 'yes', 'n', 'F', 'Flow 12', 'Folder', 'trueish', 'nullable'];
    const numbers = ['0', '7', '10', '012', '0x1F', '0o17', '0b101', '-3', '+4', '1_000', '1.5', '1e3', '.5', '.inf', '.nan', '999999999999999', '9999999999999999', '12345678901234567890', '1 2', '3a'];
    const others = ['~', '~x', '0oa8x2k4lq9ZrT3bN5d7', '00u1abcd', '0x1G', '2026-12-31', '-.INF', '+.inf', '.NaN', '1e5x', '_1', '0b102', '12:30'];
    let answered = 0;
    for (const raw of [...words, ...numbers, ...others]) {
      const mine = plainValue(raw);
      if (mine === undefined) continue;
      answered++;
      expect({ raw, value: mine }).toEqual({ raw, value: coreSchema(raw) });
    }
    // Every word; 0, 7, 10, 999999999999999 and `1 2`; ~, ~x, the two ids, 0x1G and 12:30.
    expect(answered).toBe(31);
  });

  test('on thousands of random scalars, it answers only as the core schema does', () => {
    const alphabet = '0123456789_+-.xobeEinfINFaAlsuTtrRgGzZ ~:';
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let answered = 0;
    for (let i = 0; i < 20000; i++) {
      let raw = '';
      for (let k = 1 + rand(8); k > 0; k--) raw += alphabet[rand(alphabet.length)];
      raw = raw.trim();
      if (raw === '') continue;
      const mine = plainValue(raw);
      if (mine === undefined) continue;
      answered++;
      expect({ raw, value: mine }).toEqual({ raw, value: coreSchema(raw) });
    }
    expect(answered).toBeGreaterThan(5000);
  });

  test('reading a declaration of names, ids, booleans and small numbers does not load js-yaml', () => {
    jest.isolateModules(() => {
      jest.doMock('js-yaml', () => {
        throw new Error('js-yaml was loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/util/yaml-simple') as typeof import('../../src/util/yaml-simple');
      const text = 'version: 1\napp: 0oa8x2k4lq9ZrT3bN5d7\nflows:\n  - name: Flow 1\n    enabled: true\n    cards: [Okta/Read User, "x"]\n';
      expect(fresh.simpleParse(text, 'f.yaml')?.data).toEqual({ version: 1, app: '0oa8x2k4lq9ZrT3bN5d7', flows: [{ name: 'Flow 1', enabled: true, cards: ['Okta/Read User', 'x'] }] });
      // A scalar only js-yaml's types can read loads it (here: the mock's error).
      expect(() => fresh.simpleParse('a: 0x1F\n', 'f.yaml')).toThrow('js-yaml was loaded');
    });
  });
});
