import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPresent } from '../support/shared';
import { runMain } from './run';

/**
 * Issue 19 item 7: an org removed while an exported flow still uses its scopes, a high-risk addition
 * and the Okta Realms connection default, as a reviewer reads them in the comment.
 */
const EXPORT_PATH = 'okta-workflows-flows/okta-workflows-templates/detect_suspicious_mfa_push_notifications/workflow.flopack';
const EXPORT = join(__dirname, '../../../shared', EXPORT_PATH);
const env = { WF_SCOPES_TODAY: '2026-01-15' };

const BASE = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
  - name: dev
    domain: acme.oktapreview.com
flows:
  - name: Audit
    cards:
      - Okta/Search System Logs
      - Okta Realms/Read Realm
extraScopes:
  - scope: okta.apps.read
    reason: Quarterly access report
`;
// dev is removed; prod gets a flow whose card needs okta.users.manage (high risk).
const HEAD = BASE.replace('  - name: dev\n    domain: acme.oktapreview.com\n', '').replace('extraScopes:', '  - name: Offboard\n    cards:\n      - Okta/Deactivate User\nextraScopes:');

/** The markdown between `#### name` and the next heading or block of its own. */
function section(md: string, name: string): string {
  const start = md.indexOf(`#### ${name}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = md.slice(start + 1);
  const end = rest.search(/\n(####|<details>|> )/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Scope rows of the markdown tables (each row is one scope in the orgs of its section). */
const rows = (md: string): string[] => md.split('\n').filter((l) => l.startsWith('| `'));

describe('review: what the comment says about an org removal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-review-wording-'));
  writeFileSync(join(dir, 'scopes.yaml'), HEAD);
  writeFileSync(join(dir, 'base.yaml'), BASE);
  const available = sharedPresent(EXPORT_PATH, 'review wording test');

  (available ? test : test.skip)('the lead line counts the rows of the tables and says why it exits 2', async () => {
    const r = await runMain(['review', '--base-file', 'base.yaml', '--flows', EXPORT], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const md = r.stdout;
    expect(md.split('\n')[0]).toBe(
      '**wf-scopes review:** adds 1 grant (1 high risk), leaves 3 grants in place (no stack revokes them) · a reviewer must decide: a high-risk scope is added; 1 change to where the grants go',
    );
    expect(rows(section(md, 'prod'))).toHaveLength(1);
    expect(rows(section(md, 'dev'))).toHaveLength(3);
    expect(rows(md)).toHaveLength(4);
  });

  (available ? test : test.skip)("a removed org's scopes stay granted: nothing in its section says they fail after the apply", async () => {
    const md = (await runMain(['review', '--base-file', 'base.yaml', '--flows', EXPORT], { cwd: dir, env })).stdout;
    const dev = section(md, 'dev');
    expect(dev).toContain('Removed from the declaration: no apply changes its grants; they stay until its stack is destroyed on purpose.');
    expect(dev).toContain('Okta/Search System Logs (stays granted: it fails with 403 only if its stack is destroyed)');
    expect(dev).not.toContain('after the apply');
    // The only "after the apply" is the reminder about the scope prod gains.
    expect(md.match(/after the apply/g)).toEqual(['after the apply']);
    expect(md).toContain('> **Reauthorize after the apply.**');
  });

  (available ? test : test.skip)('the Realms default is labelled a connection default, never extraScopes', async () => {
    const md = (await runMain(['review', '--base-file', 'base.yaml', '--flows', EXPORT], { cwd: dir, env })).stdout;
    const realms = rows(md).find((l) => l.startsWith('| `okta.realms.read`')) ?? '';
    expect(realms).toContain('connection default: granted by default with the Okta Realms connection');
    expect(realms).not.toContain('extraScopes');
    // The real extraScopes entry keeps its label.
    expect(rows(md).find((l) => l.startsWith('| `okta.apps.read`'))).toContain('extraScopes: Quarterly access report');
    const json = JSON.parse((await runMain(['review', '--base-file', 'base.yaml', '--format', 'json'], { cwd: dir, env })).stdout) as {
      summary: { grantsAdded: number; grantsLeft: number; decision: string[] };
      orgs: { name: string; removed: { scope: string; reasons: string[]; connectionDefault?: string }[] }[];
    };
    const r = json.orgs.find((o) => o.name === 'dev')?.removed.find((x) => x.scope === 'okta.realms.read');
    expect(r?.reasons).toEqual([]);
    expect(r?.connectionDefault).toMatch(/^granted by default with the Okta Realms connection/);
    expect(json.summary).toMatchObject({ grantsAdded: 1, grantsLeft: 3, decision: ['a high-risk scope is added', '1 change to where the grants go'] });
  });
});
