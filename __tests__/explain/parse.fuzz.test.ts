import fc from 'fast-check';
import { HTTP_METHODS, type ExplainInput } from '../../src/app/explain/input';
import { parseExplainInput } from '../../src/app/explain/parse';
import { isScopeName } from '../../src/core/scopes';
import { UserError } from '../../src/util/diagnostics';

// Fixed seed: a failure reproduces on every machine; fast-check prints the shrunk counterexample.
const RUNS = { numRuns: 3000, seed: 20260305 };

/** Either a well-formed result or a UserError that says what was expected; nothing else escapes. */
function checkTotal(input: string): void {
  let result: ExplainInput;
  try {
    result = parseExplainInput(input);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.message.trim()).not.toBe('');
    expect(e.message).toMatch(/Expected/);
    expect(e.diagnostics.length).toBeGreaterThan(0);
    for (const d of e.diagnostics) expect(d.flag).toBe('<input>');
    return;
  }
  switch (result.kind) {
    case 'header':
      expect(result.scheme).toBe('Bearer');
      // A header is only returned when it names a scope, an error, or the refused resource to look one up by.
      expect(result.scope !== undefined || result.error !== undefined || result.resource !== undefined).toBe(true);
      if (result.scope) {
        expect(result.scope.length).toBeGreaterThan(0);
        for (const s of result.scope) expect(isScopeName(s)).toBe(true);
      }
      break;
    case 'scope':
      expect(isScopeName(result.scope)).toBe(true);
      break;
    case 'endpoint':
      expect(HTTP_METHODS).toContain(result.method);
      expect(result.path.startsWith('/')).toBe(true);
      break;
    case 'permission':
      expect(result.errorCode).toBe('E0000006');
      break;
  }
}

// Pieces that steer random input into the parser's deeper branches.
const piece = fc.constantFrom(
  'www-authenticate:', 'WWW-Authenticate :', '< www-authenticate: ', 'Bearer', 'bearer ', 'Basic ', ' ', ', ', ',', '\n', '\r\n',
  '=', ' = ', '"', '\\', '\\"', 'scope', 'Scope', 'error', 'error_description', 'resource', 'realm', 'authorization_uri',
  'insufficient_scope', 'okta.logs.read', 'okta.users.read', ' okta.apps.manage', 'openid', 'E0000006', '{"errorCode":',
  '"errorSummary":"', '}', '[', 'GET ', 'get ', 'DELETE ', '/api/v1/logs', 'https://a.okta.com', '?limit=1', '#', '{{url}}',
  'HTTP/1.1 403 Forbidden', 'Content-Type: application/json', '`', "'", ';', ':', '\t', '\u00a0', '\uFEFF', '🙂', '\u0000',
);
const soup = fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 30 }).map((xs) => xs.join(''));

const scopeName = fc.oneof(
  fc.constantFrom('okta.logs.read', 'okta.users.manage', 'okta.users.read.self', 'okta.governance.admin.read', 'ssf.read', 'openid'),
  fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/), fc.array(fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), { minLength: 1, maxLength: 3 })).map(
    ([head, rest]) => [head, ...rest].join('.'),
  ),
);

/** A quoted-string for any text: backslash-escape `"` and `\`, the only characters that need it. */
const quote = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** Well-formed headers with random order, spacing, case, separators and description text. */
const wellFormed = fc
  .record({
    scopes: fc.uniqueArray(scopeName, { minLength: 1, maxLength: 3 }),
    // No line breaks: a header value cannot hold one, and the parser joins wrapped lines.
    description: fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\\', '=', '.', ';', 'é', '\t'), maxLength: 40 }),
    resource: fc.stringMatching(/^\/api\/v1\/[a-z0-9/]{0,20}$/),
    prefix: fc.constantFrom('', 'www-authenticate: ', 'WWW-Authenticate :', 'www-authenticate:\n'),
    scheme: fc.constantFrom('Bearer', 'bearer', 'BEARER'),
    eq: fc.constantFrom('=', ' = ', '= ', ' ='),
    sep: fc.constantFrom(', ', ',', ' ,  ', ',\n', ',\n  '),
    upper: fc.boolean(),
    order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
  })
  .map((r) => {
    const name = (n: string): string => (r.upper ? n.toUpperCase() : n);
    const params = [
      `${name('scope')}${r.eq}${quote(r.scopes.join(' '))}`,
      `${name('error')}${r.eq}"insufficient_scope"`,
      `${name('error_description')}${r.eq}${quote(r.description)}`,
      `${name('resource')}${r.eq}${quote(r.resource)}`,
    ];
    return { ...r, text: `${r.prefix}${r.scheme} ${r.order.map((i) => params[i]).join(r.sep)}` };
  });

describe('parseExplainInput never crashes', () => {
  it('on any string (binary code points, lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkTotal), RUNS);
  });

  it('on header-like soup', () => {
    fc.assert(fc.property(soup, checkTotal), RUNS);
  });

  it('on well-formed headers cut at any point', () => {
    fc.assert(
      fc.property(wellFormed, fc.nat(), (h, at) => checkTotal(h.text.slice(0, at % (h.text.length + 1)))),
      RUNS,
    );
  });
});

describe('well-formed headers read back exactly', () => {
  it('in any order, spacing, case and line wrapping', () => {
    fc.assert(
      fc.property(wellFormed, (h) => {
        const r = parseExplainInput(h.text);
        expect(r).toMatchObject({
          kind: 'header',
          scheme: 'Bearer',
          scope: h.scopes,
          error: 'insufficient_scope',
          errorDescription: h.description,
          resource: h.resource,
        });
      }),
      RUNS,
    );
  });
});
