import { readExport, type CustomApiCall } from '../../src/sources/flows';
import { KERNEL, OKTA, amplifyingExport, card, oneFlow, type JsonObj } from './builders';

function callsOf(text: string): CustomApiCall[] {
  const r = readExport(text, 'x.flow');
  if (!r.ok) throw new Error(r.reason);
  return (r.export.flows[0]?.cards ?? []).flatMap((c) => (c.customApi ? [c.customApi] : []));
}

/** Runs `fn` with environment variables set, restoring them after. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const TOO_LONG: CustomApiCall = {
  method: 'GET',
  path: null,
  resolved: false,
  source: 'wired',
  placeholder: '{URL longer than 2048 characters}',
  note: 'the URL built from the wired cards is longer than 2048 characters (WF_SCOPES_MAX_PATH_CHARS)',
};

describe('Custom API URLs: bounded on any wire graph', () => {
  it('the 1 MB amplifying export (Compose → 399 Concatenate inputs → 8 Custom API cards): known only at run time, with the reason', () => {
    const text = amplifyingExport();
    expect(text.length).toBeGreaterThan(900_000);
    expect(callsOf(text)).toEqual(Array.from({ length: 8 }, () => TOO_LONG));
  });

  it('caps the Concatenate even when each Compose value is short', () => {
    // 399 × 100 characters: only the Concatenate passes the cap.
    expect(callsOf(amplifyingExport({ templateChars: 100, apiCards: 3 }))).toEqual([TOO_LONG, TOO_LONG, TOO_LONG]);
  });

  it('keeps a URL of exactly the cap, refuses one character more', () => {
    const at = callsOf(amplifyingExport({ templateChars: 2048, concatInputs: 1, apiCards: 1 }));
    expect(at[0]).toMatchObject({ resolved: true, source: 'wired' });
    expect(at[0]?.path).toHaveLength(2048);
    expect(callsOf(amplifyingExport({ templateChars: 2049, concatInputs: 1, apiCards: 1 }))).toEqual([TOO_LONG]);
  });

  it('builds a value shared by several cards once, identically for each', () => {
    const found = callsOf(amplifyingExport({ templateChars: 20, concatInputs: 10, apiCards: 8 }));
    const path = '/api/v1/users/aaaaaa'.repeat(10);
    expect(found).toEqual(Array.from({ length: 8 }, () => ({ method: 'GET', path, resolved: true, source: 'wired' })));
  });

  it('honours WF_SCOPES_MAX_PATH_CHARS', () => {
    const found = withEnv({ WF_SCOPES_MAX_PATH_CHARS: '100' }, () => callsOf(amplifyingExport({ templateChars: 60, concatInputs: 2, apiCards: 1 })));
    expect(found).toEqual([
      { ...TOO_LONG, placeholder: '{URL longer than 100 characters}', note: 'the URL built from the wired cards is longer than 100 characters (WF_SCOPES_MAX_PATH_CHARS)' },
    ]);
  });

  it('caps a typed-in URL too', () => {
    const api = card(OKTA('hTTPRequest'), {
      uuid: 'api',
      inputs: [
        { id: 'm', key: 'requestType', data: 'GET' },
        { id: 'url', key: 'Relative URL', data: `/api/v1/users/${'x'.repeat(9000)}` },
      ],
    });
    expect(callsOf(oneFlow([api]))).toEqual([
      { ...TOO_LONG, source: 'literal', note: 'the URL typed in is longer than 2048 characters (WF_SCOPES_MAX_PATH_CHARS)' },
    ]);
  });

  /** Read User → Compose `/api/v1/users/{{{X}}}/factors` → Custom API card `api<n>`, for n = 1, 2. */
  function composeChain(n: number): JsonObj[] {
    return [
      card(OKTA('readUser'), { uuid: `ru${n}`, title: `Read User ${n}`, outputs: [{ id: `ru${n}-id`, key: 'ID' }], pins: { [`ru${n}-id`]: { [`cmp${n}`]: [`cmp${n}-x`] } } }),
      card(KERNEL('string', 'compose'), {
        uuid: `cmp${n}`,
        title: `Compose ${n}`,
        inputs: [
          { id: `cmp${n}-t`, key: '_text_', data: '/api/v1/users/{{{X}}}/factors' },
          { id: `cmp${n}-x`, key: 'X' },
        ],
        outputs: [{ id: `cmp${n}-out`, key: 'output' }],
        pins: { [`cmp${n}-out`]: { [`api${n}`]: ['url'] } },
      }),
      card(OKTA('hTTPRequest'), {
        uuid: `api${n}`,
        inputs: [
          { id: 'm', key: 'requestType', data: 'GET' },
          { id: 'url', key: 'Relative URL', data: '' },
        ],
      }),
    ];
  }

  it('spends one step budget on the whole flow, and says when it ran out', () => {
    const flow = oneFlow([...composeChain(1), ...composeChain(2)]);
    expect(callsOf(flow)).toEqual([
      { method: 'GET', path: '/api/v1/users/{Read User 1.ID}/factors', resolved: true, source: 'wired' },
      { method: 'GET', path: '/api/v1/users/{Read User 2.ID}/factors', resolved: true, source: 'wired' },
    ]);
    // 8 steps: the first chain (Compose: 1 + 2 inputs; Read User: 1 + its placeholder; 3 pieces) and no more.
    const found = withEnv({ WF_SCOPES_MAX_FLOW_STEPS: '8' }, () => callsOf(flow));
    const note = "the flow's wires take more than 8 steps to follow (WF_SCOPES_MAX_FLOW_STEPS): parts of the URL were left as placeholders";
    expect(found).toEqual([
      { method: 'GET', path: '/api/v1/users/{Read User 1.ID}/factors', resolved: true, source: 'wired' },
      { method: 'GET', path: null, resolved: false, source: 'wired', placeholder: '{Compose 2.output}', note },
    ]);
  });

  it('ends on a Concatenate whose every input is wired from its own output', () => {
    const ids = Array.from({ length: 450 }, (_, i) => `in-${i}`);
    const apis = ['a1', 'a2'];
    const concat = card(KERNEL('string', 'concat'), {
      uuid: 'cat',
      title: 'Concatenate',
      inputs: ids.map((id, i) => ({ id, key: `t${i}`, index: i })),
      outputs: [{ id: 'out', key: 'output' }],
      pins: { out: { cat: ids, ...Object.fromEntries(apis.map((a) => [a, ['url']])) } },
    });
    const cards = apis.map((uuid) => card(OKTA('hTTPRequest'), { uuid, inputs: [{ id: 'url', key: 'Relative URL', data: '' }] }));
    // 450 × `{Concatenate.output}` (20 characters each) passes 2048 many times over.
    expect(callsOf(oneFlow([concat, ...cards]))).toEqual([
      { ...TOO_LONG, method: null },
      { ...TOO_LONG, method: null },
    ]);
  });
});
