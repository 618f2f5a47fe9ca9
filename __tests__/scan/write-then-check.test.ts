import * as path from 'node:path';
import { scanFiles } from '../../src/sources/flows';
import { loadProjectText } from '../../src/core/project';
import { analyzeExports, mergeDeclaration } from '../../src/app/scan';
import { catalog } from './helpers';
import { sharedPresent } from '../support/shared';

/** Real exports (see shared/okta-workflows-flows/SOURCES.md); read in place, never copied. */
const CORPUS = path.resolve(__dirname, '../../../shared/okta-workflows-flows');
const present = sharedPresent('okta-workflows-flows', 'scan --write corpus test');

describe('a flow name is unique within its folder', () => {
  const decl = (second: string): string =>
    `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n  - name: Sync\n    folder: HR\n    cards: [Okta/Read User]\n${second}`;

  test('the same name in two folders is two flows: no warning', () => {
    const p = loadProjectText(decl('  - name: sync\n    folder: IT\n    cards: [Okta/Read User]\n'), 'scopes.yaml', { catalog });
    expect(p.warnings.filter((w) => w.code === 'duplicate-flow')).toEqual([]);
  });

  test('the same name in the same folder (any case) is declared twice', () => {
    const p = loadProjectText(decl('  - name: " sync"\n    folder: hr\n    cards: [Okta/Read User]\n'), 'scopes.yaml', { catalog });
    expect(p.warnings.filter((w) => w.code === 'duplicate-flow').map((w) => w.loc?.line)).toEqual([8]);
  });
});

(present ? describe : describe.skip)('scan --write on the real export corpus', () => {
  test('the declaration it writes passes check without warnings of its own making', async () => {
    const scan = await scanFiles([CORPUS]);
    const report = analyzeExports(scan.results, catalog, CORPUS);
    const merged = mergeDeclaration({ report, catalog, file: 'scopes.yaml', org: { name: 'acme', domain: 'acme.okta.com' } });
    const project = loadProjectText(merged.text, 'scopes.yaml', { catalog });
    const codes = new Map<string, number>();
    for (const w of project.warnings) codes.set(w.code, (codes.get(w.code) ?? 0) + 1);
    // Flows that share a name in different folders were 8 "declared twice" warnings.
    expect(codes.get('duplicate-flow')).toBeUndefined();
    // What is left is about the exports themselves: inferred catalog rows, flows whose only Okta call
    // is known at run time (to declare by hand, as the written comment says), a call needing no scope,
    // and a card whose sources disagree on a scope (Access Certification Decision Submitted).
    expect([...codes.keys()].sort()).toEqual(['empty-flow', 'inferred-card', 'no-scope-endpoint', 'split-evidence'].filter((c) => codes.has(c)));
  }, 120_000);
});
