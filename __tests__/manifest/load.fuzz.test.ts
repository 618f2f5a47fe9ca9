import fc from 'fast-check';
import { loadCatalog } from '../../src/core/catalog';
import { parseManifest } from '../../src/core/manifest/load';
import { MINIMAL } from '../fixtures';

const catalog = loadCatalog();
// Fixed seed: a failure reproduces on every machine; fast-check prints the shrunk counterexample.
const RUNS = { numRuns: 400, seed: 20261125 };

/**
 * The loader's contract on any text: it never throws, and it either returns a manifest or at least
 * one error; every diagnostic is located in the file (1-based, inside the text) and says something.
 */
function checkTotal(text: string): void {
  const result = parseManifest(text, 'scopes.yaml', catalog);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(result.manifest === undefined).toBe(errors.length > 0);
  const lines = text.split('\n').length;
  for (const d of result.diagnostics) {
    expect(d.message.trim()).not.toBe('');
    expect(d.loc?.file).toBe('scopes.yaml');
    expect(d.loc!.line).toBeGreaterThanOrEqual(1);
    expect(d.loc!.line).toBeLessThanOrEqual(lines + 1);
    expect(d.loc!.column).toBeGreaterThanOrEqual(1);
  }
}

/** YAML-ish fragments: keys, values and punctuation that scopes.yaml and its mistakes are made of. */
const fragment = fc.constantFrom(
  'version: 1\n', 'version: "1"\n', 'orgs:\n', '  - name: prod\n', '    domain: acme.okta.com\n', '    domain: https://x\n',
  'flows:\n', '  - name: F\n', '    cards:\n', '      - Okta/Read User\n', '      - Okta/Raed User\n', '      - Okta/Custom API Action: GET /api/v1/users\n',
  '      - {card: Okta/Custom API Action, method: PUT}\n', '    trigger: Okta/User Suspended\n', 'extraScopes:\n', '  - scope: okta.users.read\n',
  '    reason: x\n', 'policy:\n', '  deny: ["okta.*"]\n', '  - [\n', ': :\n', '"unterminated\n', '\t\n', '&a x\n', '*a\n', '---\n', '- \n', '? k\n',
  '      - 12\n', '      - null\n', '    orgs: [prod, nope]\n', 'customCards:\n', '  - {name: Okta/New, scopes: [okta.users.raed]}\n',
);

describe('manifest loader fuzz: never a crash, always a located error', () => {
  test('random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkTotal), RUNS);
  });

  test('sequences of scopes.yaml fragments', () => {
    fc.assert(fc.property(fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join('')), checkTotal), RUNS);
  });

  test('the minimal declaration with one character replaced, removed or inserted', () => {
    const edit = fc.tuple(fc.nat({ max: MINIMAL.length - 1 }), fc.constantFrom('', ' ', ':', '-', '\n', '"', '{', '[', '#', 'x', '\t'));
    fc.assert(
      fc.property(edit, ([at, ch]) => checkTotal(`${MINIMAL.slice(0, at)}${ch}${MINIMAL.slice(at + 1)}`)),
      RUNS,
    );
  });
});
