import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { DocumentLocator, fastParse } from '../../src/util/yaml-locator';
import { MINIMAL } from '../fixtures';
import { yamlPaths } from '../support/yaml-paths';

const samples: Record<string, string> = {
  minimal: MINIMAL,
  example: readFileSync(join(__dirname, '..', '..', 'scopes.yaml'), 'utf8'),
  flowStyle: `version: 1\norgs: [{name: prod, domain: acme.okta.com}]\nflows:\n  - {name: "A # not a comment", cards: [Okta/Read User, 'okta/readUser']}\n  -   name: B   # comment\n      cards:\n        - Okta/Custom API Action:    GET /api/v1/users\n        -\n          card: Okta/Read Group\n`,
  nullsAndComments: `# head\nversion: 1\norgs:\n  # an org\n  - name: prod\n    domain: acme.okta.com\n    app:\nflows: []\nextraScopes:\n  -\n    scope: okta.users.read\n    reason: >-\n      folded\n      text\n`,
};

describe('the fast locator (js-yaml) agrees with the yaml library on every node', () => {
  test.each(Object.entries(samples))('%s', (_name, text) => {
    const lines = new LineCounter();
    const slow = new DocumentLocator('f.yaml', parseDocument(text, { lineCounter: lines }), lines);
    const fast = fastParse(text, 'f.yaml', () => {
      throw new Error('fell back to the slow locator');
    });
    expect(fast).toBeDefined();
    for (const { path, key } of yamlPaths(fast!.data)) {
      const a = key === undefined ? fast!.locator.loc(path) : fast!.locator.keyLoc(path, key);
      const b = key === undefined ? slow.loc(path) : slow.keyLoc(path, key);
      expect({ path, key, loc: a }).toEqual({ path, key, loc: b });
    }
  });

  test('js-yaml rejects what the yaml library reports better: duplicate keys, several documents', () => {
    expect(fastParse('a: 1\na: 2\n', 'f', () => ({}) as never)).toBeUndefined();
    expect(fastParse('a: 1\n---\nb: 2\n', 'f', () => ({}) as never)).toBeUndefined();
  });

  test('dates stay strings (YAML 1.2 core schema)', () => {
    expect(fastParse('expires: 2026-12-31\n', 'f', () => ({}) as never)?.data).toEqual({ expires: '2026-12-31' });
  });
});

describe('the build-time standalone validator (dist/) reports exactly what the runtime compile does', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standalone = require('../../dist/src/core/manifest/scopes-validator.js') as ((d: unknown) => boolean) & { errors?: unknown[] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'scopes.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowMatchingProperties: true });
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  const runtime = ajv.compile(schema);
  const strip = (errors: unknown[] | null | undefined) =>
    (errors ?? []).map((e) => {
      const { keyword, instancePath, schemaPath, params } = e as Record<string, unknown>;
      return { keyword, instancePath, schemaPath, params };
    });

  test.each([
    { version: 1, orgs: [{ name: 'prod', domain: 'acme.okta.com' }] },
    { version: 2, orgs: [], flowz: 1 },
    { version: 1, orgs: [{ name: '1x', domain: 3, app: { id: 'nope' } }], flows: [{ cards: [42, { card: 'a', method: 'FETCH' }, { a: 1, b: 2 }] }] },
    { version: 1, orgs: [{ name: 'p', domain: 'd' }], extraScopes: [{ scope: 'x' }], policy: { suppressions: [{ rule: 'nope', expires: 'soon' }] } },
  ])('case %#', (doc) => {
    expect(standalone(doc)).toBe(runtime(doc));
    expect(strip(standalone.errors)).toEqual(strip(runtime.errors));
  });
});
