import { MAX_HOPS, readExport, type CustomApiCall, type ExportCard } from '../../src/sources/flows';
import { KERNEL, OKTA, card, floInput, oneFlow, type FieldSpec, type JsonObj } from './builders';

/** An Okta Custom API Action card `api` whose URL input is `url` and method input is `m`. */
function customApi(url: string, method: string | null = 'GET', uuid = 'api'): JsonObj {
  const inputs: FieldSpec[] = [
    { id: 'm', key: 'requestType', group: 'parameters', data: method },
    { id: 'url', key: 'Relative URL', group: 'Request', data: url },
  ];
  return card(OKTA('hTTPRequest'), { uuid, title: 'Custom API Action', inputs });
}

const readUser = card(OKTA('readUser'), {
  uuid: 'ru',
  title: 'Read User',
  outputs: [
    { id: 'ru-id', key: 'ID' },
    { id: 'ru-body', key: 'Body', type: 'object' },
  ],
  pins: { 'ru-id': { cmp: ['cmp-x'] } },
});

function calls(methods: JsonObj[]): ExportCard[] {
  const r = readExport(oneFlow(methods), 'x.flow');
  if (!r.ok) throw new Error(r.reason);
  return (r.export.flows[0]?.cards ?? []).filter((c) => c.customApi);
}
function call(methods: JsonObj[], uuid = 'api'): CustomApiCall | undefined {
  return calls(methods).find((c) => c.uuid === uuid)?.customApi;
}

/** Compose `/api/v1/users/{{{X}}}/factors` with X wired from Read User's ID, output wired to the Custom API URL. */
const compose = card(KERNEL('string', 'compose'), {
  uuid: 'cmp',
  title: 'Compose',
  inputs: [
    { id: 'cmp-t', key: '_text_', data: '/api/v1/users/{{{X7_a-b}}}/factors' },
    { id: 'cmp-x', key: 'X7_a-b' },
  ],
  outputs: [{ id: 'cmp-out', key: 'output' }],
  pins: { 'cmp-out': { api: ['url'] } },
});

describe('Custom API Action: method and path', () => {
  it('reads a typed method and URL', () => {
    expect(call([customApi('/api/v1/groups', 'POST')])).toEqual({ method: 'POST', path: '/api/v1/groups', resolved: true, source: 'literal' });
  });

  it('follows a Compose template whose parts are wired from another card', () => {
    expect(call([readUser, compose, customApi('')])).toEqual({
      method: 'GET',
      path: '/api/v1/users/{Read User.ID}/factors',
      resolved: true,
      source: 'wired',
    });
  });

  it('lets a wire beat a stale literal left in the input', () => {
    expect(call([readUser, compose, customApi('applicationID')])?.path).toBe('/api/v1/users/{Read User.ID}/factors');
  });

  it('joins Concatenate inputs in metadata.index order, through an Assign', () => {
    const concat = card(KERNEL('string', 'concat'), {
      uuid: 'cat',
      title: 'Build API Call',
      inputs: [
        { id: 'c3', key: 'text 4', data: '/lifecycle/suspend', index: 3 },
        { id: 'c1', key: 'string1', data: '/api/v1/users/', index: 0 },
        { id: 'c2', key: 'string2', index: 1 },
      ],
      outputs: [{ id: 'cat-out', key: 'output' }],
      pins: { 'cat-out': { let: ['let-in'] } },
    });
    const assign = card(KERNEL('control', 'let'), {
      uuid: 'let',
      title: 'Assign',
      inputs: [{ id: 'let-in', key: 'path' }, { id: 'let-other', key: 'other', data: '/nope' }],
      outputs: [{ id: 'let-out', key: 'path' }],
      pins: { 'let-out': { api: ['url'] } },
    });
    const user = card(OKTA('readUser'), {
      uuid: 'ru',
      title: 'Read User',
      outputs: [{ id: 'ru-id', key: 'ID' }],
      pins: { 'ru-id': { cat: ['c2'] } },
    });
    expect(call([user, concat, assign, customApi('', 'post')])).toEqual({
      method: 'POST',
      path: '/api/v1/users/{Read User.ID}/lifecycle/suspend',
      resolved: true,
      source: 'wired',
    });
  });

  it('takes an embedded sub-flow parameter from the container card, across scopes', () => {
    // An If/ElseIf branch: the outer Compose feeds the container's context input `Kq1`; the branch's
    // callable exposes it under the same key, and the Custom API inside the branch uses it.
    const outerCompose = card(KERNEL('string', 'compose'), {
      uuid: 'oc',
      title: 'Compose',
      inputs: [{ id: 'oc-t', key: '_text_', data: '/api/v1/groups/{{{g}}}/users' }, { id: 'oc-g', key: 'g', data: '00g123' }],
      outputs: [{ id: 'oc-out', key: 'output' }],
      pins: { 'oc-out': { br: ['ctx'] } },
    });
    const start = card(KERNEL('control', 'callable'), {
      uuid: 'start',
      title: 'If',
      outputs: [{ id: 'start-o', key: 'Kq1' }],
      pins: { 'start-o': { api: ['url'] } },
    });
    const branch = card(KERNEL('control', 'branch'), {
      uuid: 'br',
      inputs: [{ id: 'ctx', key: 'Kq1', group: 'context' }, floInput('if', [start, customApi('', 'DELETE')], 'if')],
    });
    const found = calls([outerCompose, branch]);
    expect(found[0]?.depth).toBe(1);
    expect(found[0]?.customApi).toEqual({ method: 'DELETE', path: '/api/v1/groups/00g123/users', resolved: true, source: 'wired' });
  });

  it('names an object:expand pill after the card and output it reads', () => {
    const expand = card(KERNEL('object', 'expand'), {
      uuid: 'ex',
      title: 'ru',
      inputs: [{ id: 'ex-in', key: 'object', type: 'object' }],
      outputs: [{ id: 'ex-v', key: 'value', metadata: { srcMethodId: 'ru', srcOutputId: 'ru-body', path: ['profile', 'login'] } }],
      pins: { 'ex-v': { cmp: ['cmp-x'] } },
    });
    const user = { ...readUser, pins: {} };
    expect(call([user, expand, compose, customApi('')])?.path).toBe('/api/v1/users/{Read User.Body.profile.login}/factors');
  });

  it('leaves a helper-flow parameter unresolved, saying where it comes from', () => {
    const start = card(KERNEL('control', 'callable'), {
      uuid: 'start',
      title: 'Helper Flow',
      outputs: [{ id: 'p', key: 'relative URL' }],
      pins: { p: { api: ['url'] } },
    });
    expect(call([start, customApi('')])).toEqual({
      method: 'GET',
      path: null,
      resolved: false,
      placeholder: '{Helper Flow.relative URL}',
      source: 'wired',
    });
  });

  it('leaves a run-time computation unresolved', () => {
    const replace = card(KERNEL('string', 'replace'), {
      uuid: 'rep',
      title: 'Replace',
      inputs: [{ id: 'rep-s', key: 'string', data: 'https://x.okta.com/api/v1/users' }],
      outputs: [{ id: 'rep-out', key: 'output' }],
      pins: { 'rep-out': { api: ['url'] } },
    });
    expect(call([replace, customApi('')])).toMatchObject({ path: null, resolved: false, placeholder: '{Replace.output}' });
  });

  it('needs a literal path segment for a template to count as resolved', () => {
    const concatOf = (parts: FieldSpec[]): JsonObj[] => [
      card(KERNEL('control', 'callable'), { uuid: 'start', title: 'Helper', outputs: [{ id: 'p', key: 'id' }], pins: { p: { cat: ['c1'] } } }),
      card(KERNEL('string', 'concat'), { uuid: 'cat', inputs: parts, outputs: [{ id: 'o', key: 'output' }], pins: { o: { api: ['url'] } } }),
      customApi(''),
    ];
    expect(call(concatOf([{ id: 'c0', key: 'a', data: '/' }, { id: 'c1', key: 'b' }]))).toMatchObject({ resolved: false, placeholder: '/{Helper.id}' });
    expect(call(concatOf([{ id: 'c1', key: 'b' }, { id: 'c2', key: 'c', data: '/factors' }]))).toMatchObject({ resolved: false, placeholder: '{Helper.id}/factors' });
    expect(call(concatOf([{ id: 'c0', key: 'a', data: 'https://{org}.okta.com/api/v1/users/' }, { id: 'c1', key: 'b' }]))).toMatchObject({
      resolved: true,
      path: 'https://{org}.okta.com/api/v1/users/{Helper.id}',
    });
  });

  it('keeps placeholders from splitting the path: slashes in titles are replaced', () => {
    const user = card(OKTA('readUser'), { uuid: 'ru', title: 'Read User / Manager', outputs: [{ id: 'ru-id', key: 'ID' }], pins: { 'ru-id': { cmp: ['cmp-x'] } } });
    expect(call([user, compose, customApi('')])?.path).toBe('/api/v1/users/{Read User _ Manager.ID}/factors');
  });

  it('stops on wiring cycles and after a bounded number of hops', () => {
    const assign = (uuid: string, next: string, data = ''): JsonObj =>
      card(KERNEL('control', 'let'), {
        uuid,
        title: `Assign ${uuid}`,
        inputs: [{ id: `${uuid}-in`, key: 'v', data }],
        outputs: [{ id: `${uuid}-out`, key: 'v' }],
        pins: { [`${uuid}-out`]: { [next]: [next === 'api' ? 'url' : `${next}-in`] } },
      });
    // a1 → a2 → a1 and a2 → api: a loop with no literal anywhere.
    const loop = [assign('a1', 'a2'), assign('a2', 'a1'), customApi('')];
    const a2 = loop[1] as JsonObj;
    (a2.pins as JsonObj)['a2-out'] = { a1: [{ input: 'a1-in', transform: null }], api: [{ input: 'url', transform: null }] };
    expect(call(loop)).toMatchObject({ resolved: false, path: null });

    const chain = (len: number): JsonObj[] => {
      const cards: JsonObj[] = [];
      for (let i = 0; i < len; i++) cards.push(assign(`c${i}`, i === len - 1 ? 'api' : `c${i + 1}`, i === 0 ? '/api/v1/users' : ''));
      return [...cards, customApi('')];
    };
    expect(call(chain(MAX_HOPS))).toMatchObject({ resolved: true, path: '/api/v1/users' });
    expect(call(chain(MAX_HOPS + 1))).toMatchObject({ resolved: false, placeholder: '{Assign c0.v}' });
  });

  it('reports a method that is not known for certain as null, and an empty URL as missing', () => {
    const start = card(KERNEL('control', 'callable'), { uuid: 's', title: 'Helper', outputs: [{ id: 'm', key: 'method' }], pins: { m: { api: ['m'] } } });
    expect(call([start, customApi('/api/v1/users', 'GET')])).toEqual({ method: null, path: '/api/v1/users', resolved: true, source: 'literal' });
    expect(call([customApi('', 'GET')])).toEqual({ method: 'GET', path: null, resolved: false, source: 'missing' });
  });

  it('reads connector-builder Custom API cards (suffixed keys and input keys)', () => {
    const opa = card('root:channels:http:oktaprivilegedaccess:0.23.0:customApiAction_KC4ijKL5WC', {
      uuid: 'opa',
      inputs: [
        { id: 'a', key: 'request_type_9KSKGU', data: 'get' },
        { id: 'b', key: 'relative_url_9KSKGU', data: '/secret_folders' },
        { id: 'c', key: 'query_9KSKGU', data: '' },
      ],
    });
    const found = calls([opa]);
    expect(found.map((c) => [c.connector, c.key])).toEqual([['oktaprivilegedaccess', 'customApiAction']]);
    expect(found[0]?.customApi).toEqual({ method: 'GET', path: '/secret_folders', resolved: true, source: 'literal' });
  });

  it('does not mark ordinary cards as Custom API calls', () => {
    expect(calls([readUser, card(OKTA('searchUsers'), { uuid: 's' })])).toEqual([]);
  });
});
