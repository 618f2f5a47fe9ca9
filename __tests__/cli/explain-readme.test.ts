import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExplainInput } from '../../src/app/explain/parse';
import { UserError } from '../../src/util/diagnostics';
import { ROOT, runMain } from './run';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The single-quoted argument of every `npx wf-scopes explain '…'` line of the README. */
const examples = [...README.matchAll(/^npx wf-scopes explain '([^']*)'/gm)].map((m) => m[1]);

describe("the README's explain examples run verbatim", () => {
  test('there is at least one, and it holds a literal … placeholder', async () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.some((e) => e.includes('…'))).toBe(true);
  });

  test.each(examples)('%s', async (arg) => {
    // ROOT has the shipped scopes.yaml, as a user of the README would.
    const r = await runMain(['explain', arg], { cwd: ROOT, env: { WF_SCOPES_TODAY: '2026-01-15' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Missing scope: okta.logs.read');
  });
});

describe('explain: placeholders and headers without scope=', () => {
  const header = (params: string): ReturnType<typeof parseExplainInput> => parseExplainInput(`www-authenticate: Bearer ${params}`);

  test('… and ... stand for left-out params, wherever they are', async () => {
    for (const dots of ['…', '...']) {
      const h = header(`${dots} scope="okta.logs.read", ${dots}, error="insufficient_scope" ${dots} resource="/api/v1/logs" ${dots}`);
      expect(h).toMatchObject({ kind: 'header', scope: ['okta.logs.read'], error: 'insufficient_scope', resource: '/api/v1/logs' });
    }
    // Inside a value the dots are the value.
    expect(header('realm="…", scope="okta.logs.read"')).toMatchObject({ realm: '…', scope: ['okta.logs.read'] });
    // A token that merely starts with dots is not a placeholder: it is read (and refused) as a scheme.
    expect(() => header('....x scope="okta.logs.read"')).toThrow(/neither scope= nor error=/);
  });

  const explain = (arg: string) => runMain(['explain', '--format', 'json', arg], { cwd: ROOT, env: { WF_SCOPES_TODAY: '2026-01-15' } });

  test('resource= alone: the one scope the endpoint table lists for the path', async () => {
    const r = await explain('www-authenticate: Bearer error="insufficient_scope", resource="/api/v1/logs"');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('missing-scope');
    expect(doc.scopes.map((s: { scope: string }) => s.scope)).toEqual(['okta.logs.read']);
    expect(doc.notes.join('\n')).toMatch(/names no scope=; okta\.logs\.read is the one scope/);
  });

  test('a path whose methods need different scopes is ambiguous without the method', async () => {
    const r = await explain('www-authenticate: Bearer error="insufficient_scope", resource="/api/v1/users/00u1abc"');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/does not map to one scope/);
    expect(r.stderr).toMatch(/GET \/api\/v1\/users\/\{id\} needs okta\.users\.read/);
    expect(r.stderr).toMatch(/request line/);
  });

  test('the request line of a pasted curl -v names the method, which settles it', async () => {
    const paste = [
      '> DELETE /api/v1/users/00u1abc HTTP/1.1',
      '> Host: acme.okta.com',
      '< HTTP/1.1 403 Forbidden',
      '< www-authenticate: Bearer error="insufficient_scope", resource="/api/v1/users/00u1abc"',
    ].join('\n');
    const r = await explain(paste);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.scopes.map((s: { scope: string }) => s.scope)).toEqual(['okta.users.manage']);
    expect(doc.request).toEqual({ method: 'DELETE', path: '/api/v1/users/00u1abc' });
  });

  test('an operation that needs two scopes is not one scope', async () => {
    const paste = 'GET /api/v1/apps/0oa1/group-push/mappings HTTP/1.1\nwww-authenticate: Bearer error="insufficient_scope", resource="/api/v1/apps/0oa1/group-push/mappings"';
    const r = await explain(paste);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs okta\.apps\.read \+ okta\.groups\.read/);
  });

  test('an unknown resource without scope= says to paste the whole header', async () => {
    let err: unknown;
    try {
      const input = header('error="insufficient_scope", resource="/api/v1/nothing-here"');
      expect(input).toMatchObject({ kind: 'header', resource: '/api/v1/nothing-here' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeUndefined();
    const r = await explain('www-authenticate: Bearer error="insufficient_scope", resource="/api/v1/nothing-here"');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no Okta API operation in the catalog matches resource="\/api\/v1\/nothing-here"/);
    expect(r.stderr).toMatch(/with scope=/);
  });

  test('still cut off: insufficient_scope with neither scope= nor resource=', async () => {
    expect(() => header('error="insufficient_scope"')).toThrow(UserError);
  });
});
