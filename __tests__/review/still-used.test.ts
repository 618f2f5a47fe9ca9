import { reviewChange, type ReviewBase } from '../../src/review';
import { BASE, project } from './fixtures';

/** Item 6: what a removal does to the flows that still run. */
const gitBase = (text: string): ReviewBase => ({ kind: 'git', label: 'HEAD~1:scopes.yaml', project: project(text, 'HEAD~1:scopes.yaml') });

// Audit (okta.logs.read) now runs in dev only: prod loses okta.logs.read.
const AUDIT_DEV_ONLY = BASE.replace('  - name: Audit\n', '  - name: Audit\n    orgs: [dev]\n');

describe('review: removed scopes that are still used', () => {
  test('lists the other orgs whose flows still need it, and the cards that needed it here', () => {
    const r = reviewChange(project(AUDIT_DEV_ONLY), gitBase(BASE));
    const prod = r.orgs.find((o) => o.name === 'prod');
    const logs = prod?.removed.find((c) => c.scope === 'okta.logs.read');
    expect(logs?.neededBy.map((n) => `${n.flow}: ${n.card}`)).toEqual(['Audit: Search System Logs']);
    expect(logs?.stillUsed?.otherOrgs.map((u) => [u.org, u.need.flow, u.need.card])).toEqual([['dev', 'Audit', 'Search System Logs']]);
    expect(logs?.stillUsed?.exports).toEqual([]);
    // Still used only by the declaration's other orgs: shown, no decision forced.
    expect(r.summary.needsDecision).toBe(false);
  });

  test('a removal that exported flows still need is flagged and needs a decision', () => {
    const exports = [
      { file: 'flows/audit.flow', flow: 'Audit', card: 'Okta/Search System Logs', scopes: ['okta.logs.read'] },
      { file: 'flows/other.flow', flow: 'Other', card: 'Okta/Read User', scopes: ['okta.users.read'] },
    ];
    const r = reviewChange(project(AUDIT_DEV_ONLY), gitBase(BASE), { exports });
    const logs = r.orgs.find((o) => o.name === 'prod')?.removed.find((c) => c.scope === 'okta.logs.read');
    expect(logs?.stillUsed?.exports).toEqual([exports[0]]);
    expect(r.summary.needsDecision).toBe(true);
  });

  test('removing an org says its grants stay until its stack is destroyed on purpose', () => {
    const head = BASE.replace('  - name: dev\n    domain: acme.oktapreview.com\n', '');
    const r = reviewChange(project(head), gitBase(BASE));
    expect(r.orgs.find((o) => o.name === 'dev')?.status).toBe('removed');
    expect(r.notes).toContain(
      'Org dev is removed from scopes.yaml: its stack is no longer synthesized, so no apply changes its grants; they stay as they are until its stack is destroyed on purpose (turn off preventDestroy first).',
    );
  });
});
