import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runMain } from './run';

const ARTICLE_HEADER =
  'www-authenticate: Bearer authorization_uri="http://{sub}.okta.com/oauth2/v1/authorize", realm="http://{sub}.okta.com", ' +
  'scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ' +
  'resource="/api/v1/logs"';

const DECL = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
flows:
  - name: Audit
    cards:
      - Okta/Search System Logs
`;

const empty = mkdtempSync(join(tmpdir(), 'wf-explain-empty-'));
const withDecl = mkdtempSync(join(tmpdir(), 'wf-explain-'));
writeFileSync(join(withDecl, 'scopes.yaml'), DECL);
writeFileSync(join(withDecl, 'other.yaml'), DECL.replace('      - Okta/Search System Logs\n', '      - Okta/Read User\n'));
const env = { WF_SCOPES_TODAY: '2026-01-15' };

describe('wf-scopes explain', () => {
  test('the acceptance header: okta.logs.read, Search System Logs, reauthorize; exit 0', async () => {
    const r = await runMain(['explain', ARTICLE_HEADER], { cwd: empty, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Missing scope: okta.logs.read');
    expect(r.stdout).toContain('Okta/Search System Logs');
    expect(r.stdout).toMatch(/\d\. Reauthorize the Okta Workflows connection/);
    expect(r.stdout).toContain('No scopes.yaml here, so this is explained without the declaration');
  });

  test('with scopes.yaml in the folder: granted, so the likely cause is the missing reauthorization', async () => {
    const r = await runMain(['explain', ARTICLE_HEADER], { cwd: withDecl, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('prod: granted (needed by Audit: Okta/Search System Logs)');
    expect(r.stdout).toContain('Likely cause: scopes.yaml already grants `okta.logs.read` in org prod');
  });

  test('--config picks another declaration: not granted', async () => {
    const r = await runMain(['explain', '--config', 'other.yaml', ARTICLE_HEADER], { cwd: withDecl, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('In other.yaml:\n    prod: not granted');
    expect(r.stdout).toContain('1. In other.yaml, add `Okta/Search System Logs`');
  });

  test('--config naming a missing file is an error', async () => {
    const r = await runMain(['explain', '--config', 'nope.yaml', 'okta.logs.read'], { cwd: empty, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--config: error: cannot read nope.yaml: no such file');
  });

  test('METHOD /path needs no quotes', async () => {
    const a = await runMain(['explain', 'GET', '/api/v1/logs'], { cwd: empty, env });
    expect(a.code).toBe(0);
    expect(a.stdout.split('\n')[0]).toBe('GET /api/v1/logs needs: okta.logs.read');
  });

  test('- reads stdin', () => {
    // A process: explain reads fd 0 itself, not through io.
    const b = runCli(['explain', '-'], { cwd: empty, env, input: `HTTP/1.1 403 Forbidden\r\n${ARTICLE_HEADER}\r\nContent-Length: 0\r\n` });
    expect(b.code).toBe(0);
    expect(b.stdout.split('\n')[0]).toBe('Missing scope: okta.logs.read');
  });

  test('E0000006 from stdin: the admin permission, exit 0', () => {
    // A process: explain reads fd 0 itself, not through io.
    const r = runCli(['explain', '-'], { cwd: withDecl, env, input: '{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Missing admin permission (E0000006), not a missing scope');
  });

  test('unparseable input: exit 1 saying what was expected', async () => {
    const r = await runMain(['explain', 'hello there'], { cwd: empty, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('<input>: error: cannot read "hello there"');
    expect(r.stderr).toContain('Expected one of: a www-authenticate header');
  });

  test('--format json is byte-identical across runs and parses', async () => {
    const a = await runMain(['explain', '--format', 'json', ARTICLE_HEADER], { cwd: withDecl, env });
    const b = await runMain(['explain', '--format', 'json', ARTICLE_HEADER], { cwd: withDecl, env });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(doc.scopes[0].scope).toBe('okta.logs.read');
    expect(doc.resourceCards[0].ref).toBe('Okta/Search System Logs');
    expect(doc.config).toEqual({ file: 'scopes.yaml', loaded: true });
  });
});
