import { loadCatalog } from '../../src/core/catalog';
import { parseManifest } from '../../src/core/manifest/load';
import { complexityError } from '../../src/core/manifest/yaml-text';
import { withCommandEnv } from '../../src/util/command-env';
import { yamlPlainNesting } from '../../src/util/nesting';
import { simpleParse } from '../../src/util/yaml-simple';

/**
 * The plain-YAML parser counts indent levels as the nesting scan does, and where nothing else can nest
 * (yamlPlainNesting) the scan is skipped. Whatever the cap, a declaration is refused exactly when, and
 * where, the scan alone refuses it.
 */
const catalog = loadCatalog();

const PLAIN = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
flows:
  - name: Flow 0
    folder: Folder 0
    trigger: Okta/User Suspended
    cards:
      - Okta/Read User
      - Okta/Custom API Action: GET /api/v1/users/00u1abcd/factors
      - card: Okta/Custom API Action
        method: GET
        path: /api/v1/apps/0oa1/users?limit=200
extraScopes:
  - scope: okta.apps.read
    reason: access report - quarterly
`;
const NOT_PLAIN = PLAIN.replace('folder: Folder 0', "folder: 'Folder 0'\n    orgs: [prod]");
const DEEP = `version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nx:\n${Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} v\n`;
/** A sequence's item one level deeper than its key: each list adds two levels to the scan's count. */
const LISTS = PLAIN.replace('      - Okta/Read User\n', '      - Okta/Read User\n      - card: Okta/Read User\n        note:\n          - a\n          -  b\n');

const capped = (text: string, depth: number) =>
  withCommandEnv({ WF_SCOPES_MAX_DEPTH: String(depth) }, () => ({
    got: parseManifest(text, 'scopes.yaml', catalog).diagnostics.find((d) => d.code === 'too-deep' || d.code === 'too-many-merge-keys'),
    scan: complexityError(text, 'scopes.yaml'),
  }));

test.each([
  ['plain', PLAIN, true],
  ['with quotes and brackets', NOT_PLAIN, false],
  ['nested 12 mappings deep', DEEP, true],
  ['with a list in a card entry', LISTS, true],
])('%s: refused at every cap exactly where the scan refuses it', (_, text, plain) => {
  expect(yamlPlainNesting(text)).toBe(plain);
  expect(simpleParse(text, 'scopes.yaml')).toBeDefined();
  let refused = 0;
  for (let depth = 1; depth <= 16; depth++) {
    const { got, scan } = capped(text, depth);
    expect(got).toEqual(scan);
    if (scan) refused++;
  }
  // The caps tried both refuse and accept it.
  expect(refused).toBeGreaterThan(0);
  expect(refused).toBeLessThan(16);
});

test('an indentation bomb the plain parser reads is refused at the line where it crosses the cap', () => {
  const bomb = `version: 1\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} v\n`;
  expect(yamlPlainNesting(bomb)).toBe(true);
  const { got, scan } = capped(bomb, 200);
  expect(scan).toMatchObject({ code: 'too-deep', loc: { line: 202 } });
  expect(got).toEqual(scan);
});
