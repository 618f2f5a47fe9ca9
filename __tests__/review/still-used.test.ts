import { renderReview, reviewChange, summaryLine, type ReviewBase } from '../../src/app/review';
import { BASE, ctx, project } from './fixtures';

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

  test('removing an org says its grants stay until its stack is destroyed on purpose, and nothing says otherwise', () => {
    const head = BASE.replace('  - name: dev\n    domain: acme.oktapreview.com\n', '');
    const exports = [{ file: 'flows/audit.flow', flow: 'Audit', card: 'Okta/Search System Logs', scopes: ['okta.logs.read'] }];
    const r = reviewChange(project(head), gitBase(BASE), { exports });
    const dev = r.orgs.find((o) => o.name === 'dev');
    expect(dev?.status).toBe('removed');
    expect(dev?.unmanaged).toBe('org-removed');
    expect(r.settings).toEqual([
      {
        org: 'dev',
        kind: 'org-removed',
        setting: 'orgs[]',
        before: 'acme.oktapreview.com, app labelled Okta Workflows OAuth',
        effect:
          'its stack is no longer synthesized, so no apply changes its grants: they stay granted, no longer managed, until its stack is destroyed on purpose (turn off preventDestroy first).',
      },
    ]);
    // Its grants are not revoked: not counted as removed, no WFS104, and no "fails after the apply".
    expect(r.summary.scopesRemoved).toBe(0);
    expect(summaryLine(r)).toBe('leaves 2 grants in place (no stack revokes them) · a reviewer must decide: 1 change to where the grants go');
    const md = renderReview('markdown', r, ctx);
    expect(md).not.toContain('after the apply');
    expect(md).not.toMatch(/^Removes:/m);
    expect(md).toContain('Removed from the declaration: no apply changes its grants; they stay until its stack is destroyed on purpose.');
    expect(md).toContain('No longer declared, left granted (no stack, so no apply revokes them):');
    expect(md).toContain('**still used** in flows/audit.flow: Audit: Okta/Search System Logs (stays granted: it fails with 403 only if its stack is destroyed)');
    expect(md).toContain('- :warning: **dev** · **WFS117 org-removed**: org removed (was `acme.oktapreview.com, app labelled Okta Workflows OAuth`). Its stack is no longer synthesized');
    const json = JSON.parse(renderReview('json', r, ctx)) as { findings: { rule: string }[] };
    expect(json.findings.map((f) => f.rule)).toEqual(['WFS117']);
    // The org removal itself needs a decision: its grants are left unmanaged.
    expect(r.summary.needsDecision).toBe(true);
  });
});
