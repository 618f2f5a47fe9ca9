import { loadProjectText } from '../../src/core/project';
import { resolutionToText } from '../../src/output/check';
import type { Need, Resolution } from '../../src/core/resolve/types';

/** Orgs a, b, c; one flow everywhere, one limited to a, an extra scope for b and c. */
const DECL = `version: 1
orgs:
  - {name: a, domain: a.okta.com}
  - {name: b, domain: b.okta.com}
  - {name: c, domain: c.okta.com}
flows:
  - name: Everywhere
    cards: [Okta/Read User]
  - name: Only a
    orgs: [a]
    cards: [Okta/Search System Logs]
extraScopes:
  - scope: okta.apps.read
    orgs: [b, c]
    reason: access report
`;

describe('orgs that resolve alike', () => {
  const { orgs } = loadProjectText(DECL, 'scopes.yaml').resolution;

  test('each org gets the scopes of the flows and extra scopes that apply to it', () => {
    expect(orgs.map((o) => [o.name, o.scopes.map((s) => s.scope)])).toEqual([
      ['a', ['okta.logs.read', 'okta.schemas.read', 'okta.users.read']],
      ['b', ['okta.apps.read', 'okta.schemas.read', 'okta.users.read']],
      ['c', ['okta.apps.read', 'okta.schemas.read', 'okta.users.read']],
    ]);
  });

  test('orgs with the same flows and extra scopes share one copy of them; each org keeps its own list', () => {
    const [a, b, c] = orgs;
    expect(b.scopes).not.toBe(c.scopes);
    expect(b.scopes.every((s, i) => s === c.scopes[i])).toBe(true);
    expect(a.scopes[2]).not.toBe(b.scopes[2]);
    expect(a.scopes[2].neededBy).toEqual(b.scopes[2].neededBy);
  });
});

describe('check text view of a scope', () => {
  const need = (flow: string, card: string): Need => ({ flow, connector: 'Okta', card, confidence: 'stated', loc: { file: 'f', line: 1, column: 1 } });
  const view = (neededBy: Need[], all = false): string => {
    const resolution: Resolution = {
      orgs: [{ name: 'prod', domain: 'acme.okta.com', issuer: 'https://acme.okta.com', app: { label: 'L' }, scopes: [{ scope: 'okta.users.read', neededBy: neededBy as [Need, ...Need[]], reasons: [] }], loc: { file: 'f', line: 1, column: 1 } }],
      warnings: [],
    };
    return resolutionToText(resolution, { all });
  };
  const sorted = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'].flatMap((f) => [need(f, 'Read User'), need(f, 'Update User'), need(f, 'Read User')]);

  test('shows five flows, each with its distinct cards, and counts the rest', () => {
    const text = view(sorted);
    expect(text).toContain('okta.users.read  medium  F1: Okta/Read User, Okta/Update User\n');
    expect(text).toContain('F5: Okta/Read User, Okta/Update User\n');
    expect(text).not.toContain('F6:');
    expect(text).toContain('… and 2 more (--all lists them)\n');
  });

  test('--all lists every flow, sorted or not, and counts none', () => {
    for (const needs of [sorted, [...sorted].reverse()]) {
      const text = view(needs, true);
      expect(text).toContain('F7: Okta/Read User, Okta/Update User\n');
      expect(text).toContain('F1: Okta/Read User, Okta/Update User\n');
      expect(text).not.toContain('more');
    }
  });

  test('needs in no particular order are grouped by flow all the same', () => {
    const shuffled = [...sorted].reverse();
    const text = view(shuffled);
    expect(text).toContain('okta.users.read  medium  F7: Okta/Read User, Okta/Update User\n');
    expect(text).not.toContain('F2:');
    expect(text).toContain('… and 2 more (--all lists them)\n');
    const split = view([need('F2', 'Read User'), need('F1', 'Read User'), need('F2', 'Update User')]);
    expect(split).toContain('F2: Okta/Read User, Okta/Update User\n');
    expect(split).toContain('F1: Okta/Read User\n');
    expect(split).not.toContain('more');
  });
});
