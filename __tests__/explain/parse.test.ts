import type { ExplainInput, HeaderInput } from '../../src/app/explain/input';
import { parseExplainInput } from '../../src/app/explain/parse';
import { UserError } from '../../src/util/diagnostics';

// Verbatim from the support.okta.com 403 article (also in /work/shared/okta/README.md).
const OKTA_ARTICLE =
  'www-authenticate: Bearer authorization_uri="http://{sub}.okta.com/oauth2/v1/authorize", realm="http://{sub}.okta.com", scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/logs"';

function header(input: string): HeaderInput {
  const r = parseExplainInput(input);
  if (r.kind !== 'header') throw new Error(`expected a header, got ${r.kind}`);
  return r;
}

function userError(input: string): UserError {
  try {
    parseExplainInput(input);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(input)}`);
}

describe('www-authenticate headers', () => {
  it('reads the header from Okta\'s 403 article exactly', () => {
    expect(parseExplainInput(OKTA_ARTICLE)).toEqual({
      kind: 'header',
      scheme: 'Bearer',
      params: {
        authorization_uri: 'http://{sub}.okta.com/oauth2/v1/authorize',
        realm: 'http://{sub}.okta.com',
        scope: 'okta.logs.read',
        error: 'insufficient_scope',
        error_description: 'The access token provided does not contain the required scopes.',
        resource: '/api/v1/logs',
      },
      scope: ['okta.logs.read'],
      error: 'insufficient_scope',
      errorDescription: 'The access token provided does not contain the required scopes.',
      resource: '/api/v1/logs',
      realm: 'http://{sub}.okta.com',
      authorizationUri: 'http://{sub}.okta.com/oauth2/v1/authorize',
    });
  });

  const table: [string, string, { scope: string[]; resource?: string; error?: string; errorDescription?: string }][] = [
    ['without the header name', OKTA_ARTICLE.replace(/^www-authenticate: /, ''), { scope: ['okta.logs.read'], resource: '/api/v1/logs' }],
    [
      'parameters reordered',
      'Bearer resource="/api/v1/users", error="insufficient_scope", scope="okta.users.read", realm="http://acme.okta.com"',
      { scope: ['okta.users.read'], resource: '/api/v1/users', error: 'insufficient_scope' },
    ],
    [
      'odd spacing and case',
      'WWW-Authenticate :bearer  Scope = "okta.users.read" ,ERROR= "insufficient_scope",   Resource ="/api/v1/users/00u1"',
      { scope: ['okta.users.read'], resource: '/api/v1/users/00u1', error: 'insufficient_scope' },
    ],
    [
      'quoted commas and escaped quotes',
      'Bearer error_description="Needs \\"okta.groups.read\\", then retry, please", scope="okta.groups.read", error="insufficient_scope"',
      { scope: ['okta.groups.read'], errorDescription: 'Needs "okta.groups.read", then retry, please' },
    ],
    [
      'several scopes in one scope=',
      'Bearer error="insufficient_scope", scope="okta.apps.read  okta.groups.read okta.apps.read"',
      { scope: ['okta.apps.read', 'okta.groups.read'] },
    ],
    ['tokens unquoted', 'Bearer error=insufficient_scope, scope=okta.logs.read, resource=/api/v1/logs', { scope: ['okta.logs.read'], resource: '/api/v1/logs' }],
    ['no commas between params', 'Bearer scope="okta.logs.read" error="insufficient_scope"', { scope: ['okta.logs.read'], error: 'insufficient_scope' }],
    ['only the params, scheme left behind', '\n  scope="okta.logs.read",\nerror="insufficient_scope"', { scope: ['okta.logs.read'], error: 'insufficient_scope' }],
    ['a scope= without error= (cut after scope)', 'Bearer realm="http://a.okta.com", scope="okta.logs.read"', { scope: ['okta.logs.read'] }],
    [
      'pasted one parameter per line',
      'www-authenticate: Bearer authorization_uri="http://a.okta.com/oauth2/v1/authorize",\n  realm="http://a.okta.com",\nscope="okta.devices.read",\n\nerror="insufficient_scope",\nresource="/api/v1/devices"',
      { scope: ['okta.devices.read'], resource: '/api/v1/devices' },
    ],
    [
      'scheme alone on the header line',
      'WWW-Authenticate:\r\nBearer\r\nscope="okta.logs.read", error="insufficient_scope"',
      { scope: ['okta.logs.read'] },
    ],
    [
      'a quoted value wrapped by the terminal',
      'www-authenticate: Bearer scope="okta.us\ners.read", error="insufficient_scope", resource="/api/v1/users"',
      { scope: ['okta.users.read'], resource: '/api/v1/users' },
    ],
    [
      'a whole HTTP response',
      [
        'HTTP/1.1 403 Forbidden',
        'Date: Tue, 03 Mar 2026 10:00:00 GMT',
        'Content-Type: application/json',
        'WWW-Authenticate: Bearer realm="http://a.okta.com", scope="okta.groups.manage", error="insufficient_scope", resource="/api/v1/groups/00g1"',
        'X-Rate-Limit-Limit: 600',
        '',
        '{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}',
      ].join('\r\n'),
      { scope: ['okta.groups.manage'], resource: '/api/v1/groups/00g1' },
    ],
    [
      'curl -v output',
      '< HTTP/2 403\n< date: Tue, 03 Mar 2026\n< www-authenticate: Bearer scope="okta.logs.read",\n< error="insufficient_scope"\n< content-length: 0\n',
      { scope: ['okta.logs.read'], error: 'insufficient_scope' },
    ],
    [
      'two challenges, the Bearer one second',
      'WWW-Authenticate: Basic realm="okta"\nWWW-Authenticate: Bearer scope="okta.apps.read", error="insufficient_scope"',
      { scope: ['okta.apps.read'] },
    ],
    [
      'the SDK error dumped as JSON',
      JSON.stringify({
        status: 403,
        errorCode: 'E0000006',
        headers: { 'WWW-Authenticate': 'Bearer scope="okta.roles.read", error="insufficient_scope", resource="/api/v1/iam/roles"' },
      }),
      { scope: ['okta.roles.read'], resource: '/api/v1/iam/roles' },
    ],
    ['prose before the challenge', 'The card failed with: Bearer scope="okta.logs.read", error="insufficient_scope"', { scope: ['okta.logs.read'] }],
  ];

  it.each(table)('%s', (_name, input, want) => {
    const h = header(input);
    expect(h.scheme).toBe('Bearer');
    expect(h.scope).toEqual(want.scope);
    if (want.resource !== undefined) expect(h.resource).toBe(want.resource);
    if (want.error !== undefined) expect(h.error).toBe(want.error);
    if (want.errorDescription !== undefined) expect(h.errorDescription).toBe(want.errorDescription);
  });

  it('lower-cases parameter names and keeps the first of a repeated one', () => {
    const h = header('Bearer SCOPE="okta.logs.read", Error="insufficient_scope", scope="okta.users.read"');
    expect(h.params).toEqual({ scope: 'okta.logs.read', error: 'insufficient_scope' });
    expect(h.scope).toEqual(['okta.logs.read']);
  });

  it('keeps an invalid_token challenge (no scope problem) for the caller to explain', () => {
    const h = header('Bearer error="invalid_token", error_description="The token has expired."');
    expect(h.scope).toBeUndefined();
    expect(h.error).toBe('invalid_token');
  });
});

describe('truncated and malformed headers say what is missing', () => {
  const cases: [string, string, RegExp][] = [
    ['unterminated quote', 'www-authenticate: Bearer realm="http://a.okta.com", scope="okta.logs.re', /cut off.*scope=.*closing "/],
    ['error without scope', 'Bearer error="insufficient_scope"', /insufficient_scope.*no scope=/],
    ['bare error param without scope', 'error="insufficient_scope"', /no scope=/],
    ['cut before scope and error', 'www-authenticate: Bearer authorization_uri="http://a.okta.com/oauth2/v1/authorize", realm="http://a.okta.com"', /neither scope= nor error=/],
    ['empty header', 'WWW-Authenticate:   ', /header is empty/],
    ['empty scope', 'Bearer scope="", error="insufficient_scope"', /empty scope=/],
    ['scope= that is no scope', 'Bearer scope="read all the things", error="insufficient_scope"', /not a scope name/],
    ['another scheme only', 'WWW-Authenticate: Basic realm="okta"', /no Bearer challenge.*"Basic"/],
    ['stray character', 'Bearer scope="okta.logs.read"; error="insufficient_scope"', /unexpected ";" at column 30/],
    ['insufficient_scope mentioned, no header', 'the card said insufficient_scope', /no www-authenticate header/],
    ['params without scope or error', 'realm="http://a.okta.com"', /neither scope= nor error=/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    const e = userError(input);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/Expected/);
    expect(e.diagnostics[0].flag).toBe('<input>');
  });
});

describe('permission errors (E0000006 without insufficient_scope)', () => {
  it('reads the Okta error JSON and keeps its summary', () => {
    const body = JSON.stringify({
      errorCode: 'E0000006',
      errorSummary: 'You do not have permission to perform the requested action',
      errorLink: 'E0000006',
      errorId: 'oae1',
      errorCauses: [],
    });
    expect(parseExplainInput(body)).toEqual<ExplainInput>({
      kind: 'permission',
      errorCode: 'E0000006',
      summary: 'You do not have permission to perform the requested action',
    });
  });

  it('reads a pasted response whose body holds the error', () => {
    const r = parseExplainInput('HTTP/1.1 403 Forbidden\nContent-Type: application/json\n\n{"errorCode":"E0000006","errorSummary":"No \\"permission\\""}');
    expect(r).toEqual({ kind: 'permission', errorCode: 'E0000006', summary: 'No "permission"' });
  });

  it('reads plain text naming the code', () => {
    expect(parseExplainInput('Error E0000006 from the Read User card')).toEqual({ kind: 'permission', errorCode: 'E0000006' });
  });

  it('lets insufficient_scope win over E0000006', () => {
    expect(parseExplainInput(`${OKTA_ARTICLE}\n\n{"errorCode":"E0000006"}`).kind).toBe('header');
  });
});

describe('scope names', () => {
  it.each(['okta.logs.read', 'okta.users.manage.self', 'okta.governance.accessCertifications.manage', 'ssf.read', 'openid', 'offline_access'])(
    '%s',
    (s) => {
      expect(parseExplainInput(`  ${s}\n`)).toEqual({ kind: 'scope', scope: s });
    },
  );

  it('strips quotes or backticks copied with the name', () => {
    expect(parseExplainInput('`okta.apps.read`')).toEqual({ kind: 'scope', scope: 'okta.apps.read' });
    expect(parseExplainInput('"okta.apps.read"')).toEqual({ kind: 'scope', scope: 'okta.apps.read' });
  });

  it('rejects a capitalised name with the rule', () => {
    expect(userError('Okta.Logs.Read').message).toMatch(/start with a lower-case letter.*Expected/s);
  });

  it('takes one scope at a time', () => {
    expect(userError('okta.logs.read okta.users.read').message).toMatch(/holds 2 scope names; explain takes one at a time/);
  });

  it('does not take a single word for a scope', () => {
    expect(userError('okta').message).toMatch(/cannot read "okta"/);
  });
});

describe('endpoints', () => {
  it('reads a lower-case method and splits off the query', () => {
    expect(parseExplainInput('get /api/v1/users/00u1?limit=1')).toEqual({
      kind: 'endpoint',
      method: 'GET',
      path: '/api/v1/users/00u1',
      query: 'limit=1',
    });
  });

  it.each([
    ['DELETE https://acme.okta.com/api/v1/groups/00g1/users/00u1', 'DELETE', '/api/v1/groups/00g1/users/00u1'],
    ['POST /api/v1/users/{userId}/lifecycle/activate', 'POST', '/api/v1/users/{userId}/lifecycle/activate'],
    ['Patch {{orgUrl}}/api/v1/apps/0oa1', 'PATCH', '/api/v1/apps/0oa1'],
    ['GET /api/v1/logs HTTP/1.1', 'GET', '/api/v1/logs'],
    ['HEAD https://acme.okta.com', 'HEAD', '/'],
    ['put\t/api/v1/groups/00g1#frag', 'PUT', '/api/v1/groups/00g1'],
  ])('%s', (input, method, path) => {
    expect(parseExplainInput(input)).toEqual({ kind: 'endpoint', method, path });
  });

  it('asks for the method when given only a path', () => {
    expect(userError('/api/v1/logs').message).toMatch(/path without a method[\s\S]*Expected METHOD \/path, e.g. GET \/api\/v1\/logs/);
  });

  it('names an unknown method', () => {
    expect(userError('FETCH /api/v1/logs').message).toMatch(/"FETCH" is not an HTTP method[\s\S]*GET, POST, PUT, PATCH, DELETE, HEAD/);
  });

  it('rejects a relative path', () => {
    expect(userError('GET api/v1/logs').message).toMatch(/does not start with \//);
  });
});

describe('anything else', () => {
  it.each(['', '   \n\t', 'hello world', '42', '{"not":"an error"}', '[1,2,3]', '\u0000\u0001', '🙂'])('%j is refused with the expected forms', (s) => {
    const e = userError(s);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).toMatch(/Expected/);
  });

  it('says an Okta error other than E0000006 is not about scopes', () => {
    expect(userError('{"errorCode":"E0000011","errorSummary":"Invalid token provided"}').message).toMatch(/Okta error "E0000011" is neither/);
  });

  it('refuses an absurdly long paste without reading it', () => {
    expect(userError('a'.repeat(2_000_000)).message).toMatch(/characters long/);
  });
});
