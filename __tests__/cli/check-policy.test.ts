import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { runMain } from './run';

describe('wf-scopes check with a policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-policy-'));

  test('a violation fails check with exit 1 and a located, actionable error', async () => {
    writeFileSync(join(dir, 'scopes.yaml'), `${MINIMAL}policy:\n  deny: ["okta.logs.*"]\n`);
    const r = await runMain(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('scopes.yaml:10:9: error: org prod: `okta.logs.read` is denied by policy (`okta.logs.*`): needed by Okta/Search System Logs in flow `Offboard contractor`');
    expect(r.stderr).toContain('add a policy suppression (rule, scope, and the flow or card) with a reason');
  });

  test('an expired suppression fails; the same one before its date passes', async () => {
    const text = `${MINIMAL}policy:
  deny: [okta.logs.read]
  suppressions:
    - {rule: deny, scope: okta.logs.read, reason: audit trail flow, expires: 2026-06-30}
`;
    writeFileSync(join(dir, 'scopes.yaml'), text);
    expect((await runMain(['check'], { cwd: dir, env: { WF_SCOPES_TODAY: '2026-06-30' } })).code).toBe(0);
    const late = await runMain(['check'], { cwd: dir, env: { WF_SCOPES_TODAY: '2026-07-01' } });
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('expired on 2026-06-30');
  });
});
