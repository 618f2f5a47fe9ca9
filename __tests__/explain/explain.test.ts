import { loadCatalog } from '../../src/core/catalog';
import { explain, type Explanation } from '../../src/app/explain/explain';
import { parseExplainInput } from '../../src/app/explain/parse';
import { explanationToJson, explanationToText } from '../../src/app/explain/render';
import { loadProjectText, type Project } from '../../src/core/project';
import { UserError } from '../../src/util/diagnostics';

const catalog = loadCatalog();

/** The header from Okta's support article on 403s from Okta connector cards. */
const ARTICLE_HEADER =
  'www-authenticate: Bearer authorization_uri="http://{sub}.okta.com/oauth2/v1/authorize", realm="http://{sub}.okta.com", ' +
  'scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ' +
  'resource="/api/v1/logs"';

const DECL = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
  - name: dev
    domain: acme.oktapreview.com
flows:
  - name: Audit
    orgs: [dev]
    cards:
      - Okta/Search System Logs
  - name: Offboard contractor
    trigger: Okta/User Suspended
    cards:
      - Okta/Deactivate User
      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors
`;

const project = (text = DECL): Project => loadProjectText(text, 'scopes.yaml', { catalog, today: '2026-01-15' });

function run(input: string, p?: Project): Explanation {
  return explain(parseExplainInput(input), { catalog, project: p, config: { file: 'scopes.yaml', loaded: p !== undefined } });
}

describe('explain: the 403 insufficient_scope header', () => {
  test('names the scope, the operation, Search System Logs and the reauthorization step', () => {
    const e = run(ARTICLE_HEADER);
    expect(e.verdict).toBe('missing-scope');
    expect(e.scopes.map((s) => s.scope)).toEqual(['okta.logs.read']);
    expect(e.operations).toEqual([
      { method: 'GET', path: '/api/v1/logs', operationId: 'listLogEvents', requires: ['okta.logs.read'], needsExplainedScope: true },
    ]);
    expect(e.resourceCards.map((c) => c.ref)).toEqual(['Okta/Search System Logs']);
    expect(e.scopes[0].cards[0].ref).toBe('Okta/Search System Logs');
    // The Custom API Action can call the same endpoint: it is listed with that call first.
    const custom = e.scopes[0].cards.find((c) => c.ref === 'Okta/Custom API Action');
    expect(custom?.calls?.[0]).toBe('GET /api/v1/logs');
    expect(e.scopes[0].risk.level).toBe('medium');
    expect(e.steps).toHaveLength(4);
    expect(e.steps[0]).toContain('`Okta/Search System Logs`');
    expect(e.steps[0]).toContain('extraScopes');
    expect(e.steps[1]).toMatch(/`wf-scopes synth`.*`terraform -chdir=cdktf\.out\/stacks\/\S+ plan`.*`terraform -chdir=cdktf\.out\/stacks\/\S+ apply`/);
    expect(e.steps[2]).toContain('Workflows console → Connections → the Okta connection → Reauthorize');
    expect(e.steps[2]).toContain('"Customize scopes", also tick `okta.logs.read`');
    expect(e.notes.join(' ')).toMatch(/without the declaration/);
  });

  test('text output reads in order: scope, operation, cards, fix', () => {
    const text = explanationToText(run(ARTICLE_HEADER));
    expect(text.split('\n')[0]).toBe('Missing scope: okta.logs.read');
    const order = ['GET /api/v1/logs  listLogEvents', 'Card that calls it:', 'okta.logs.read  (medium risk', 'Fix:', '3. Reauthorize'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('a path with several methods lists each, and the cards of those needing the scope', () => {
    const e = run('Bearer scope="okta.users.manage", error="insufficient_scope", resource="/api/v1/users/00u1abc"');
    expect(e.operations.map((o) => `${o.method} ${o.needsExplainedScope}`)).toEqual(['GET false', 'POST true', 'PUT true', 'DELETE true']);
    // Read User calls GET /users/{id} but needs okta.users.read: it is not a card the 403 can come from.
    const refs = e.resourceCards.map((c) => c.ref);
    expect(refs).toContain('Okta/Update User');
    expect(refs).not.toContain('Okta/Read User');
    expect(e.scopes[0].risk.level).toBe('high');
  });

  test('several scopes in scope= are each explained', () => {
    const e = run('Bearer error="insufficient_scope", scope="okta.users.read okta.groups.read"');
    expect(e.scopes.map((s) => s.scope)).toEqual(['okta.users.read', 'okta.groups.read']);
    expect(e.summary).toContain('okta.users.read and okta.groups.read');
  });

  test('a resource no operation matches is said so, and the scope is still explained', () => {
    const e = run('Bearer error="insufficient_scope", scope="okta.logs.read", resource="/api/v9/nothing"');
    expect(e.operations).toEqual([]);
    expect(e.notes[0]).toContain('No Okta API operation in the catalog matches /api/v9/nothing');
    expect(e.scopes[0].cards.map((c) => c.ref)).toContain('Okta/Search System Logs');
  });

  test('a scope the catalog does not know, from a header, is explained with a note', () => {
    const e = run('Bearer error="insufficient_scope", scope="okta.futureThing.read"');
    expect(e.scopes[0].known).toBe(false);
    expect(e.notes.join(' ')).toContain('okta.futureThing.read is not in wf-scopes');
    expect(e.steps[2]).toContain('Reauthorize');
  });
});

describe('explain with scopes.yaml', () => {
  test('not granted in prod, granted in dev: per-org status, the flow, and widening its orgs', () => {
    const e = run(ARTICLE_HEADER, project());
    expect(e.scopes[0].orgs).toEqual([
      { org: 'prod', status: 'not-granted', neededBy: [], reasons: [] },
      { org: 'dev', status: 'granted', neededBy: ['Audit: Okta/Search System Logs'], reasons: [] },
    ]);
    expect(e.flows).toEqual([
      {
        flow: 'Audit',
        orgs: ['dev'],
        card: 'Okta/Search System Logs',
        because: ['calls GET /api/v1/logs', 'needs okta.logs.read'],
        loc: { file: 'scopes.yaml', line: 11, column: 9 },
      },
    ]);
    expect(e.likelyCause).toBeUndefined();
    expect(e.steps[0]).toBe(
      'In scopes.yaml, add prod to `orgs:` of flow `Audit`: it uses Okta/Search System Logs but runs only in dev (or list `okta.logs.read` under `extraScopes:` with a `reason:`).',
    );
    expect(e.steps[1]).toContain('in org prod');
    const text = explanationToText(e);
    expect(text).toContain('    prod: not granted\n');
    expect(text).toContain('    dev: granted (needed by Audit: Okta/Search System Logs)\n');
    expect(text).not.toContain('without the declaration');
  });

  test('granted everywhere: the likely cause is a connection not reauthorized since the grant', () => {
    const e = run(ARTICLE_HEADER, project(DECL.replace('    orgs: [dev]\n', '')));
    expect(e.scopes[0].orgs.map((o) => o.status)).toEqual(['granted', 'granted']);
    expect(e.likelyCause).toMatch(/already grants `okta.logs.read` in every org \(prod, dev\).*not reauthorized since the grant.*apply did not run/);
    expect(e.steps[0]).toMatch(/`terraform -chdir=cdktf\.out\/stacks\/\S+ plan` shows no change/);
    expect(e.steps[1]).toContain('Reauthorize');
    expect(e.steps).toHaveLength(3);
    expect(explanationToText(e)).toContain('Likely cause: ');
  });

  test('a card no flow uses: add it to the flow that failed; an extraScopes grant counts as granted', () => {
    const e = run('Bearer error="insufficient_scope", scope="okta.groups.read", resource="/api/v1/groups"', project());
    expect(e.flows).toEqual([]);
    expect(e.steps[0]).toContain('add `Okta/Search Groups` to `cards:` of the flow that failed');
    expect(e.steps[1]).toContain('in orgs prod, dev');
    const withExtra = project(`${DECL}extraScopes:\n  - {scope: okta.groups.read, reason: group report}\n`);
    const g = run('Bearer error="insufficient_scope", scope="okta.groups.read"', withExtra);
    expect(g.scopes[0].orgs[0]).toEqual({ org: 'prod', status: 'granted', neededBy: [], reasons: ['group report'] });
  });

  test('.read not granted while its .manage is: said, but still not granted', () => {
    const e = run('okta.users.read', project(DECL.replace('      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors\n', '')));
    expect(e.scopes[0].orgs[0]).toEqual({ org: 'prod', status: 'not-granted', neededBy: [], reasons: [], coveredBy: 'okta.users.manage' });
    expect(explanationToText(e)).toContain('prod: not granted (okta.users.manage is, which Okta says covers it');
  });

  test('a denied scope gets a policy note', () => {
    const e = run('okta.roles.manage', project(`${DECL}policy:\n  deny: ["okta.roles.*"]\n`));
    expect(e.scopes[0].deniedBy).toBe('okta.roles.*');
    expect(e.notes.join('\n')).toContain("policy denies okta.roles.manage (`okta.roles.*`)");
  });
});

describe('explain: other inputs', () => {
  test('E0000006 is the authorizing admin\'s missing permission, not a scope', () => {
    const e = run('{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorId":"oae1"}');
    expect(e.verdict).toBe('missing-permission');
    expect(e.scopes).toEqual([]);
    expect(e.summary).toContain('admin who authorized');
    expect(e.summary).toContain('You do not have permission to perform the requested action');
    expect(e.steps.join('\n')).toMatch(/role.*\n.*Reauthorize the connection signed in as that admin/);
    expect(e.notes[0]).toContain('Granting scopes does not fix this');
  });

  test('error="invalid_token" is not a scope problem', () => {
    const e = run('www-authenticate: Bearer error="invalid_token", error_description="The token has expired."');
    expect(e.verdict).toBe('invalid-token');
    expect(e.scopes).toEqual([]);
    expect(e.summary).toMatch(/^Not a scope problem/);
    expect(e.error).toEqual({ code: 'invalid_token', description: 'The token has expired.' });
    expect(e.steps[0]).toContain('Reauthorize');
  });

  test('a bare scope: the cards needing it and the grant status', () => {
    const e = run('okta.logs.read', project());
    expect(e.verdict).toBe('scope');
    expect(e.operations).toEqual([]);
    expect(e.scopes[0].cards.map((c) => c.ref)).toEqual(['Okta/Search System Logs', 'Okta/Custom API Action', 'Okta Devices/Custom API Action', 'Okta ITP/Custom API Action']);
    expect(e.scopes[0].description).toBe('Allows the app to read information about System Log entries in your Okta organization');
    expect(explanationToText(e)).toContain('Okta/Custom API Action calls to GET /api/v1/logs');
  });

  test('a bare scope the catalog does not know is an error with a did-you-mean', () => {
    expect(() => run('okta.logs.reed')).toThrow(UserError);
    try {
      run('okta.logs.reed');
    } catch (err) {
      expect((err as UserError).diagnostics[0].hint).toContain('okta.logs.read');
    }
  });

  test('an auto-granted scope: never revoke, reauthorize', () => {
    const e = run('openid', project());
    expect(e.scopes[0].autoGranted).toBe(true);
    expect(e.scopes[0].orgs.map((o) => o.status)).toEqual(['auto-granted', 'auto-granted']);
    expect(e.steps[0]).toContain('Never revoke default scopes');
  });

  test('okta.realms.read: listed where a Realms card calls with it, and elsewhere an apply would revoke it', () => {
    const withRealms = DECL + '  - name: Realm report\n    orgs: [prod]\n    cards:\n      - Okta Realms/List Realm Users\n';
    const e = run('okta.realms.read', project(withRealms));
    const byOrg = Object.fromEntries(e.scopes[0].orgs.map((o) => [o.org, o]));
    expect(byOrg.prod.status).toBe('granted');
    // The kept default's reason is not an extraScopes entry.
    expect(byOrg.prod.reasons).toEqual([]);
    expect(byOrg.dev.status).toBe('default-unlisted');
  });

  test('METHOD /path uses that method only', () => {
    const e = run('DELETE /api/v1/users/00u1abc', project());
    expect(e.verdict).toBe('endpoint');
    expect(e.request).toEqual({ method: 'DELETE', path: '/api/v1/users/00u1abc' });
    expect(e.operations.map((o) => o.operationId)).toEqual(['deleteUser']);
    expect(e.scopes.map((s) => s.scope)).toEqual(['okta.users.manage']);
    expect(e.resourceCards.map((c) => c.ref)).toEqual(['Okta/Delete User']);
    expect(e.scopes[0].orgs[0].status).toBe('granted');
  });

  test('an operation the spec authorizes with an API token only: no card can call it through the OAuth app', () => {
    for (const input of ['DELETE /api/v1/api-tokens/current', 'GET /api/v1/users/00u1abc/factors/questions']) {
      const e = run(input, project());
      expect(e.verdict).toBe('endpoint');
      expect(e.scopes).toEqual([]);
      expect(e.summary).toMatch(/takes no OAuth scope: Okta's API spec authorizes it with an API token only, so no card can call it through the Okta Workflows OAuth app/);
    }
  });

  test('a preview operation and a match through a word are said to be so', () => {
    const me = run('GET /api/v1/sessions/me', project());
    expect(me.operations.map((o) => o.operationId)).toEqual(['getCurrentSession']);
    expect(me.notes.join('\n')).toMatch(/getCurrentSession is a preview feature/);
    const current = run('GET /api/v1/sessions/current', project());
    expect(current.scopes.map((s) => s.scope)).toEqual(['okta.sessions.read']);
    expect(current.notes[0]).toMatch(/matched \/api\/v1\/sessions\/\{sessionId\} with \{sessionId\} = "current": .*uncertain/);
  });

  test('METHOD /path accepts a path holding spaces (an unencoded query or id)', () => {
    const e = run('GET /api/v1/users?search=profile.department eq "Engineering"', project());
    expect(e.request).toEqual({ method: 'GET', path: '/api/v1/users' });
    expect(e.scopes.map((s) => s.scope)).toEqual(['okta.users.read']);
    expect(run('GET /api/v1/groups/{Group ID}/users HTTP/1.1', project()).operations.map((o) => o.operationId)).toEqual(['listGroupUsers']);
  });

  test('METHOD /path that matches no operation names the methods that exist', () => {
    expect(() => run('PUT /api/v1/logs')).toThrow(/no Okta API operation in the catalog matches PUT \/api\/v1\/logs/);
    try {
      run('PUT /api/v1/logs');
    } catch (err) {
      expect((err as UserError).diagnostics[0].hint).toBe('the path exists for GET');
    }
  });

  test('a flow calling the endpoint through a Custom API Action is found', () => {
    const e = run('GET /api/v1/users/00u1/factors', project());
    expect(e.flows.map((f) => [f.flow, f.card, f.because[0]])).toEqual([
      ['Offboard contractor', 'Okta/Custom API Action: GET /api/v1/users/{userId}/factors', 'calls GET /api/v1/users/{userId}/factors'],
    ]);
  });
});

describe('explain --format json', () => {
  test('is stable: same bytes for the same input, fixed key order, and parses back', () => {
    const a = explanationToJson(run(ARTICLE_HEADER, project()));
    const b = explanationToJson(run(ARTICLE_HEADER, project()));
    expect(a).toBe(b);
    const doc = JSON.parse(a) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['verdict', 'summary', 'request', 'error', 'operations', 'scopes', 'resourceCards', 'flows', 'config', 'steps', 'notes']);
    expect(doc.verdict).toBe('missing-scope');
    expect(a.endsWith('}\n')).toBe(true);
  });
});
