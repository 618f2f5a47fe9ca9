import { loadCatalog } from '../../src/core/catalog';
import { parseManifest } from '../../src/core/manifest/load';
import { formatDiagnostic } from '../../src/util/diagnostics';

const catalog = loadCatalog();

const HEAD = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
`;

/** Each bad manifest with the exact first error line (file:line:col: error: …) and hint. */
const cases: { name: string; yaml: string; error: string; hint?: string }[] = [
  {
    name: 'YAML syntax',
    yaml: `version: 1\norgs:\n  - name: prod\n   domain: x\n`,
    error: 'scopes.yaml:4:1: error: YAML syntax:',
  },
  {
    name: 'unknown top-level key with did-you-mean',
    yaml: `${HEAD}flowz: []\n`,
    error: 'scopes.yaml:5:1: error: unknown key `flowz` in (top level); expected one of: $schema, version, orgs, flows, extraScopes, customCards, policy',
    hint: 'did you mean `flows`?',
  },
  {
    name: 'wrong type',
    yaml: `${HEAD}flows: Offboard\n`,
    error: 'scopes.yaml:5:8: error: flows must be a list, got "Offboard"',
  },
  {
    name: 'wrong version',
    yaml: `version: 2\norgs:\n  - name: prod\n    domain: acme.okta.com\n`,
    error: 'scopes.yaml:1:10: error: version must be 1, got number 2',
  },
  {
    name: 'unknown card with did-you-mean',
    yaml: `${HEAD}flows:\n  - name: F\n    cards:\n      - Okta/Search System Log\n`,
    error: 'scopes.yaml:8:9: error: unknown card `Okta/Search System Log`',
    hint: 'did you mean `Okta/Search System Logs`',
  },
  {
    name: 'unknown connector',
    yaml: `${HEAD}flows:\n  - name: F\n    cards:\n      - Okta Device/Suspend Device\n`,
    error: 'scopes.yaml:8:9: error: unknown connector `Okta Device` in `Okta Device/Suspend Device`',
    hint: 'did you mean `Okta Devices/Suspend Device`?',
  },
  {
    name: 'unknown scope in extraScopes',
    yaml: `${HEAD}extraScopes:\n  - scope: okta.user.read\n    reason: r\n`,
    error: 'scopes.yaml:6:12: error: unknown scope `okta.user.read`',
    hint: 'did you mean `okta.users.read`',
  },
  {
    name: 'extra scope without reason',
    yaml: `${HEAD}extraScopes:\n  - scope: okta.users.read\n`,
    error: 'scopes.yaml:6:5: error: extraScopes[0] is missing the required key `reason`',
    hint: 'add `reason:` saying why this scope is granted though no card needs it',
  },
  {
    name: 'malformed domain: URL',
    yaml: `version: 1\norgs:\n  - name: prod\n    domain: https://acme.okta.com/\n`,
    error: 'scopes.yaml:4:13: error: domain must be a host name, not a URL: "https://acme.okta.com/"',
    hint: 'write `domain: acme.okta.com`',
  },
  {
    name: 'malformed domain: admin domain',
    yaml: `version: 1\norgs:\n  - name: prod\n    domain: acme-admin.okta.com\n`,
    error: 'scopes.yaml:4:13: error: "acme-admin.okta.com" is the Admin Console domain, not the org domain',
    hint: 'write `domain: acme.okta.com`',
  },
  {
    name: 'malformed domain: not a host',
    yaml: `version: 1\norgs:\n  - name: prod\n    domain: acme\n`,
    error: 'scopes.yaml:4:13: error: "acme" is not an Okta org domain',
  },
  {
    name: 'duplicate org names',
    yaml: `${HEAD}  - name: prod\n    domain: acme.oktapreview.com\n`,
    error: 'scopes.yaml:5:11: error: duplicate org name `prod` (first declared at line 3)',
  },
  {
    name: 'Custom API path matching no endpoint',
    yaml: `${HEAD}flows:\n  - name: F\n    cards:\n      - Okta/Custom API Action: GET /api/v1/userz/{id}\n`,
    error: 'scopes.yaml:8:9: error: `GET /api/v1/userz/{id}` matches no Okta API endpoint',
    hint: 'did you mean `GET /api/v1/users/{id}`',
  },
  {
    name: 'Custom API Action without a call',
    yaml: `${HEAD}flows:\n  - name: F\n    cards:\n      - Okta/Custom API Action\n`,
    error: 'scopes.yaml:8:9: error: `Okta/Custom API Action` needs the HTTP method and path it calls: its scopes are those of the endpoint',
  },
  {
    name: 'bad HTTP method in long form',
    yaml: `${HEAD}flows:\n  - name: F\n    cards:\n      - card: Okta/Custom API Action\n        method: FETCH\n        path: /api/v1/users\n`,
    error: 'scopes.yaml:9:17: error: flows[0].cards[0].method: expected an HTTP method: GET, POST, PUT, PATCH or DELETE, got "FETCH"',
  },
  {
    name: 'action card as trigger',
    yaml: `${HEAD}flows:\n  - name: F\n    trigger: Okta/Read User\n`,
    error: 'scopes.yaml:7:14: error: trigger `Okta/Read User` is an action card, not an event card',
  },
  {
    name: 'unknown key inside a flow',
    yaml: `${HEAD}flows:\n  - name: F\n    card:\n      - Okta/Read User\n`,
    error: 'scopes.yaml:7:5: error: unknown key `card` in flows[0]; expected one of: name, folder, orgs, trigger, cards, reason',
    hint: 'did you mean `cards`?',
  },
  {
    name: 'empty file',
    yaml: ``,
    error: 'scopes.yaml:1:1: error: scopes.yaml is empty',
  },
  {
    name: 'missing orgs',
    yaml: `version: 1\n`,
    error: 'scopes.yaml:1:1: error: (top level) is missing the required key `orgs`',
  },
  {
    name: 'custom card with unknown scope',
    yaml: `${HEAD}customCards:\n  - name: Okta/Brand New Card\n    scopes: [okta.users.reed]\n`,
    error: 'scopes.yaml:7:14: error: unknown scope `okta.users.reed`',
  },
];

describe('bad manifests: exact located messages', () => {
  test.each(cases)('$name', ({ yaml, error, hint }) => {
    const result = parseManifest(yaml, 'scopes.yaml', catalog);
    expect(result.manifest).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const first = formatDiagnostic(errors[0]).split('\n');
    expect(first[0].slice(0, error.length)).toBe(error);
    if (hint) expect(errors[0].hint ?? '').toContain(hint);
  });
});

describe('all errors of a file in one run', () => {
  test('reports every problem, sorted by line', () => {
    const yaml = `version: 1
orgs:
  - name: prod
    domain: https://acme.okta.com
flows:
  - name: A
    cards:
      - Okta/Raed User
      - Okta/Custom API Action: GET /nope
extraScopes:
  - scope: okta.logs.raed
  - scope: okta.users.read
`;
    const result = parseManifest(yaml, 'scopes.yaml', catalog);
    const lines = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.loc?.line);
    expect(lines).toEqual([4, 8, 9, 11, 11, 12]);
  });
});

describe('warnings, not errors', () => {
  test('unknown event name keeps the connector event rule', () => {
    const r = parseManifest(`${HEAD}flows:\n  - name: F\n    trigger: Okta/User Teleported\n`, 'scopes.yaml', catalog);
    expect(r.manifest).toBeDefined();
    const w = r.diagnostics.find((d) => d.code === 'unknown-event');
    expect(w?.message).toContain('okta.eventHooks.manage');
    expect(w?.loc).toEqual({ file: 'scopes.yaml', line: 7, column: 14 });
  });
  test('a flow naming an unknown org is a warning only in a lenient (review base) read', () => {
    const r = parseManifest(`${HEAD}flows:\n  - name: F\n    orgs: [prd]\n    cards: [Okta/Read User]\n`, 'scopes.yaml', catalog, { lenient: true });
    expect(r.manifest).toBeDefined();
    const w = r.diagnostics.find((d) => d.code === 'unknown-org');
    expect(w?.severity).toBe('warning');
    expect(w?.hint).toBe('did you mean `prod`? Declared orgs: prod');
  });
  test('duplicate flow names', () => {
    const r = parseManifest(`${HEAD}flows:\n  - name: F\n    cards: [Okta/Read User]\n  - name: F\n    cards: [Okta/Read Group]\n`, 'scopes.yaml', catalog);
    expect(r.diagnostics.map((d) => d.code)).toContain('duplicate-flow');
  });
});

describe('a file that is not YAML at all', () => {
  test('reports the first ten syntax errors and a count of the rest, not one per line', () => {
    const text = Array.from({ length: 40 }, (_, i) => `\`line ${i}\` and : more: text`).join('\n');
    const r = parseManifest(text, 'notes.md', catalog);
    expect(r.diagnostics).toHaveLength(11);
    expect(r.diagnostics[10].message).toMatch(/^… and \d+ more YAML syntax errors$/);
    expect(r.diagnostics[10].hint).toBe('is notes.md a scopes.yaml? It should start with `version: 1`');
  });
});
