import fc from 'fast-check';
import { isOktaFamily, readExport, readParsedExport, type ExportReadResult, type FlowExport } from '../../src/sources/flows';
import { KERNEL, OKTA, card, floInput, flopack, oneFlow, type JsonObj } from './builders';

function ok(r: ExportReadResult): FlowExport {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.reason}`);
  return r.export;
}
function failure(r: ExportReadResult): Extract<ExportReadResult, { ok: false }> {
  if (r.ok) throw new Error('expected a failure');
  return r;
}

describe('readExport: cards and nesting', () => {
  it('finds cards in nested If/ElseIf branches with their depth and a pointer to each', () => {
    const inner = card(KERNEL('control', 'branch'), {
      uuid: 'br2',
      title: 'If/ElseIf',
      inputs: [floInput('if2', [card(OKTA('suspendUser'), { uuid: 'c3' })], 'if')],
    });
    const outer = card(KERNEL('control', 'branch'), {
      uuid: 'br1',
      title: 'If/ElseIf',
      inputs: [
        floInput('ifA', [card(OKTA('readUser'), { uuid: 'c1' }), inner], 'if'),
        floInput('elseIfB', [card(OKTA('activateUser'), { uuid: 'c2' })], 'Xy7_rnd01'),
        floInput('elseC', [card(KERNEL('control', 'return'), { uuid: 'r1' })], 'else'),
      ],
    });
    const exp = ok(readExport(oneFlow([card(KERNEL('control', 'callable'), { uuid: 'start' }), outer]), 'x.flow'));
    const cards = exp.flows[0]?.cards ?? [];
    expect(cards.map((c) => [c.key, c.depth])).toEqual([
      ['readUser', 1],
      ['suspendUser', 2],
      ['activateUser', 1],
    ]);
    expect(cards[1]?.path).toBe(
      '$.data.flos["f1"].data.methods[1].node.model.inputs.data["ifA"].value.data.methods[1]' +
        '.node.model.inputs.data["if2"].value.data.methods[0]',
    );
  });

  it('descends into card-level error handlers and If Error blocks', () => {
    const tryCatch = card(KERNEL('control', 'tryCatch'), {
      uuid: 'tc',
      title: 'If Error',
      inputs: [floInput('try', [card(OKTA('deactivateUser'), { uuid: 'try1' })])],
      onError: [card(OKTA('unsuspendUser'), { uuid: 'catch1' })],
    });
    const withHandler = card(OKTA('readUser'), {
      uuid: 'ru',
      onError: [card(OKTA('addNewUserToGroup'), { uuid: 'h1', title: 'Add User to Group' })],
    });
    const exp = ok(readExport(oneFlow([withHandler, tryCatch]), 'x.flow'));
    const cards = exp.flows[0]?.cards ?? [];
    expect(cards.map((c) => `${c.key}@${c.depth}`)).toEqual(['readUser@0', 'addNewUserToGroup@1', 'deactivateUser@1', 'unsuspendUser@1']);
    expect(cards[1]?.path).toBe('$.data.flos["f1"].data.methods[0].node.model.policy.error.flo.methods[0]');
  });

  it('reads the body of an event flow from its For Each wrapper', () => {
    const body = [
      card(KERNEL('control', 'callable'), { uuid: 'cb', title: 'User Suspended' }),
      card(OKTA('readUser'), { uuid: 'ru' }),
      card('root:channels:http:office365mail:1.2.54:sendEmail2', { uuid: 'mail', title: 'Send Email' }),
    ];
    const methods = [
      card(OKTA('userSuspended'), { uuid: 'ev', title: 'User Suspended', webhook: true, pins: { out1: { each: ['list'] } } }),
      card(KERNEL('list', 'asyncEach'), { uuid: 'each', inputs: [{ id: 'list', key: 'list' }, floInput('fl', body)] }),
    ];
    const flow = ok(readExport(oneFlow(methods), 'x.flow')).flows[0];
    expect(flow?.kind).toBe('event');
    expect(flow?.cards.map((c) => [c.connector, c.key, c.event, c.depth])).toEqual([
      ['okta', 'userSuspended', true, 0],
      ['okta', 'readUser', false, 1],
      ['office365mail', 'sendEmail2', false, 1],
    ]);
  });

  it('keeps renamed titles but identifies cards by key; strips builder and connector suffixes', () => {
    const methods = [
      card(OKTA('readUser'), { uuid: 'a', title: 'Read Manager User' }),
      card('root:channels:http:oktarealms:0.9.1:listRealmUsers_tmcXa7PfAt', { uuid: 'b', title: 'List Realm Users' }),
      card('root:channels:http:oktaprivilegedaccess:0.23.0:customApiAction_KC4ijKL5WC', { uuid: 'c' }),
      card('root:channels:http:kandji_edae9b89cf1e4ca6a01a1ad6d985127b:1.0.0:listDevices', { uuid: 'd' }),
      // 7 characters: not a builder id, so it stays.
      card(OKTA('searchUsers_abcdefg'), { uuid: 'e', title: 'Find Users' }),
    ];
    const cards = ok(readExport(oneFlow(methods), 'x.flow')).flows[0]?.cards ?? [];
    expect(cards.map((c) => [c.connector, c.rawConnector, c.key, c.rawKey, c.title])).toEqual([
      ['okta', 'okta', 'readUser', 'readUser', 'Read Manager User'],
      ['oktarealms', 'oktarealms', 'listRealmUsers', 'listRealmUsers_tmcXa7PfAt', 'List Realm Users'],
      ['oktaprivilegedaccess', 'oktaprivilegedaccess', 'customApiAction', 'customApiAction_KC4ijKL5WC', 'customApiAction_KC4ijKL5WC'],
      ['kandji', 'kandji_edae9b89cf1e4ca6a01a1ad6d985127b', 'listDevices', 'listDevices', 'listDevices'],
      ['okta', 'okta', 'searchUsers_abcdefg', 'searchUsers_abcdefg', 'Find Users'],
    ]);
    expect(cards[0]?.version).toBe('1.0.600');
  });

  it('skips function cards and the Tables, API Connector and Files connectors', () => {
    const methods = [
      card(KERNEL('string', 'compose'), { uuid: 'k1' }),
      card('root:channels:http:stash:0.7.147:searchRows2', { uuid: 's' }),
      card('root:channels:http:httpfunctions:1.0.0:get', { uuid: 'h' }),
      card('root:channels:http:filefunctions:1.0.0:readFile', { uuid: 'f' }),
      card(OKTA('listUsersWithSearch'), { uuid: 'o' }),
    ];
    const cards = ok(readExport(oneFlow(methods), 'x.flow')).flows[0]?.cards ?? [];
    expect(cards.map((c) => c.key)).toEqual(['listUsersWithSearch']);
  });

  it('does not descend into flow references (a flow id string), only embedded flow objects', () => {
    const call = card(KERNEL('control', 'spawn'), { uuid: 'sp', inputs: [{ id: 'fl', key: 'flo', type: 'flo', data: 'f2' }] });
    const exp = ok(readExport(oneFlow([call, card(OKTA('readUser'), { uuid: 'r' })]), 'x.flow'));
    expect(exp.flows[0]?.cards.map((c) => c.key)).toEqual(['readUser']);
  });

  it('reports stubs without cards, folder names from groups, trimmed and raw names, and flow kinds', () => {
    const doc = flopack(
      [
        { id: 'h', name: 'Helper Flow  ', methods: [card(KERNEL('control', 'callable'), { uuid: 'c' })], group: 'g1' },
        { id: 's', name: 'Nightly', methods: [card(KERNEL('control', 'callable'), { uuid: 'c' })], scheduled: true, group: 'g1' },
        { id: 'a', name: 'API', methods: [card(KERNEL('http', 'accept'), { uuid: 'c' })], group: 'elsewhere' },
        { id: 'd', name: 'Delegated', methods: [card(KERNEL('http', 'delegated'), { uuid: 'c' })] },
        { id: 'm', name: 'Manual', methods: [card(OKTA('readUser'), { uuid: 'c' })] },
        { id: 'stub', name: 'Not exported', methods: null },
      ],
      { groups: { g1: 'Lifecycle' } },
    );
    const flows = ok(readParsedExport(doc, 'x.folder')).flows;
    expect(flows.map((f) => [f.id, f.kind, f.stub, f.folder])).toEqual([
      ['h', 'helper', false, 'Lifecycle'],
      ['s', 'scheduled', false, 'Lifecycle'],
      ['a', 'api', false, undefined],
      ['d', 'delegated', false, undefined],
      ['m', 'unknown', false, undefined],
      ['stub', 'unknown', true, undefined],
    ]);
    expect(flows[0]?.name).toBe('Helper Flow');
    expect(flows[0]?.rawName).toBe('Helper Flow  ');
    expect(flows[5]?.cards).toEqual([]);
  });

  it('warns about a uuid used twice in one flow and keeps reading', () => {
    const exp = ok(readExport(oneFlow([card(OKTA('readUser'), { uuid: 'same' }), card(OKTA('suspendUser'), { uuid: 'same' })]), 'x'));
    expect(exp.flows[0]?.cards).toHaveLength(2);
    expect(exp.warnings.join('\n')).toMatch(/uuid "same" is used twice/);
  });

  it('skips a card with an unrecognised address, with a warning', () => {
    const exp = ok(readExport(oneFlow([card('root:somethingnew:x', { uuid: 'n' }), card(OKTA('readUser'), { uuid: 'r' })]), 'x'));
    expect(exp.flows[0]?.cards.map((c) => c.key)).toEqual(['readUser']);
    expect(exp.warnings).toEqual(['$.data.flos["f1"].data.methods[0]: unrecognised card address "root:somethingnew:x"; card skipped']);
  });

  it('treats a flow without "data" as a stub, with a warning', () => {
    const doc = flopack([{ id: 'f', name: 'F', methods: [] }]);
    const flos = (doc.data as JsonObj).flos as Record<string, JsonObj>;
    delete flos.f?.data;
    const exp = ok(readParsedExport(doc, 'x'));
    expect(exp.flows[0]?.stub).toBe(true);
    expect(exp.warnings).toEqual(['$.data.flos["f"]: flow has no "data"; treated as a stub (not exported)']);
  });

  it('isOktaFamily picks the Okta connectors only', () => {
    expect(['okta', 'oktadevices', 'oktarealms', 'oktaprivilegedaccess'].every(isOktaFamily)).toBe(true);
    expect(['slack', 'office365mail', 'stash', 'myokta'].some(isOktaFamily)).toBe(false);
  });
});

describe('readExport: versions', () => {
  const text = (version: string | null): string => {
    const doc = flopack([{ id: 'f', name: 'F', methods: [] }]);
    if (version === null) delete doc.version;
    else doc.version = version;
    return JSON.stringify(doc);
  };

  it.each(['1.2.0', '1.3.0', '1.4.0', '1.5.0'])('reads %s without warnings', (v) => {
    const exp = ok(readExport(text(v), 'x'));
    expect(exp.version).toBe(v);
    expect(exp.warnings).toEqual([]);
  });

  it('reads a newer 1.x with a warning', () => {
    const exp = ok(readExport(text('1.7.0'), 'x'));
    expect(exp.warnings).toEqual([expect.stringMatching(/1\.7\.0 is newer than any known/)]);
  });

  it('reads an older 1.x with a warning', () => {
    expect(ok(readExport(text('1.1.0'), 'x')).warnings).toEqual([expect.stringMatching(/older/)]);
  });

  it.each([
    ['2.0.0', /unsupported format version 2\.0\.0/],
    ['1.5', /unrecognised format version "1\.5"/],
    [null, /no format version/],
  ])('refuses version %p', (v, re) => {
    const f = failure(readExport(text(v), 'bad.flow'));
    expect(f.code).toBe('unsupported-version');
    expect(f.file).toBe('bad.flow');
    expect(f.reason).toMatch(re);
  });
});

describe('readExport: bad input', () => {
  it('reports text that is not JSON with line and column', () => {
    const f = failure(readExport('{\n  "type": flopack\n}', 'a.flow'));
    expect(f.code).toBe('not-json');
    expect(f.position).toEqual({ offset: 12, line: 2, column: 11 });
    expect(f.reason).toMatch(/unexpected word "flopack" where a value was expected at position 12 \(line 2, column 11\)/);
  });

  it('says where truncated JSON ends', () => {
    const full = oneFlow([card(OKTA('readUser'), { uuid: 'a' })]);
    const cut = full.slice(0, 150);
    const f = failure(readExport(cut, 'cut.flopack'));
    expect(f.code).toBe('truncated');
    expect(f.position?.offset).toBe(150);
    expect(f.reason).toMatch(/truncated JSON: the text ends at position 150/);
  });

  it('reports an empty file and ignores a byte-order mark', () => {
    expect(failure(readExport(' \n', 'e.flow')).code).toBe('empty');
    expect(ok(readExport(`\uFEFF${oneFlow([])}`, 'bom.flow')).flows).toHaveLength(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['another type', { type: 'table', data: { flos: {} } }, /"type" is "table", expected "flopack"/],
    ['no type', { data: { flos: {} } }, /"type" is missing/],
    ['an array', [1, 2], /it is an array/],
    ['null', null, /it is null/],
    ['no data.flos', { type: 'flopack', version: '1.5.0', data: {} }, /no "data\.flos" object/],
    ['flos as an array', { type: 'flopack', version: '1.5.0', data: { flos: [] } }, /no "data\.flos" object/],
  ])('refuses JSON that is not a flopack: %s', (_name, doc, re) => {
    const f = failure(readExport(JSON.stringify(doc), 'n.json'));
    expect(f.code).toBe('not-flopack');
    expect(f.reason).toMatch(re);
  });

  it('refuses a card without an address and says where it is', () => {
    const bad = card(OKTA('readUser'), { uuid: 'a' });
    delete bad.address;
    const branch = card(KERNEL('control', 'branch'), { uuid: 'b', inputs: [floInput('if1', [bad])] });
    const f = failure(readExport(oneFlow([branch]), 'x.flow'));
    expect(f.code).toBe('malformed');
    expect(f.reason).toBe(
      '$.data.flos["f1"].data.methods[0].node.model.inputs.data["if1"].value.data.methods[0]: card without an address; the file looks damaged',
    );
    bad.address = 7;
    expect(failure(readExport(oneFlow([bad]), 'x.flow')).reason).toMatch(/methods\[0\]: card without an address \(it is a number\)/);
  });

  it('refuses a flow whose methods are missing, and a card that is not an object', () => {
    const doc = flopack([{ id: 'f', name: 'F', methods: [] }]);
    const flo = (doc.data as JsonObj).flos as JsonObj;
    (flo.f as JsonObj).data = { uuid: 'f' };
    expect(failure(readParsedExport(doc, 'x')).reason).toMatch(/\.data\.methods: a flow must have a "methods" array/);
    expect(failure(readExport(oneFlow([42 as unknown as JsonObj]), 'x')).reason).toMatch(/methods\[0\]: a card must be an object, found a number/);
  });

  it('refuses sub-flows nested absurdly deep instead of overflowing the stack', () => {
    let inner: JsonObj = card(OKTA('readUser'), { uuid: 'leaf' });
    for (let i = 0; i < 200; i++) inner = card(KERNEL('control', 'branch'), { uuid: `b${i}`, inputs: [floInput(`i${i}`, [inner])] });
    // Parsed already: the text itself would be refused earlier by the nesting cap (next test).
    const f = failure(readParsedExport(JSON.parse(oneFlow([inner])) as JsonObj, 'deep.flow'));
    expect(f.reason).toMatch(/nested more than 32 deep/);
  });

  it('refuses a nesting bomb before parsing it, at the line and column where it crosses the cap', () => {
    const bomb = `{"data":\n${'['.repeat(5_000_000)}`;
    const t0 = Date.now();
    const f = failure(readExport(bomb, 'bomb.flow'));
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(f).toMatchObject({ code: 'too-deep', position: { line: 2, column: 200 } });
    expect(f.reason).toContain('nested deeper than 200 levels at line 2, column 200 (WF_SCOPES_MAX_DEPTH)');
    // Brackets inside strings do not count.
    expect(failure(readExport(`{"a":"${'['.repeat(1000)}"}`, 'x.flow')).code).not.toBe('too-deep');
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = readParsedExport(v, 'fuzz');
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a damaged export: any value may be replaced by junk', () => {
    const base = JSON.parse(
      oneFlow([
        card(OKTA('readUser'), { uuid: 'a', pins: { o: { b: ['u'] } } }),
        card(OKTA('hTTPRequest'), { uuid: 'b', inputs: [{ id: 'u', key: 'Relative URL' }] }),
      ]),
    ) as JsonObj;
    const paths: string[][] = [];
    const collect = (v: unknown, p: string[]): void => {
      paths.push(p);
      if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) collect(c, [...p, k]);
    };
    collect(base, []);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: paths.length - 1 }), fc.jsonValue(), (i, junk) => {
        const doc = JSON.parse(JSON.stringify(base)) as JsonObj;
        const p = paths[i] ?? [];
        let cur: unknown = doc;
        for (const k of p.slice(0, -1)) cur = (cur as Record<string, unknown>)[k];
        (cur as Record<string, unknown>)[p[p.length - 1] ?? ''] = junk;
        const r = readParsedExport(doc, 'fuzz');
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('calls any strict prefix of an export truncated, at the prefix length', () => {
    const full = oneFlow([card(OKTA('hTTPRequest'), { uuid: 'a', inputs: [{ id: 'u', key: 'Relative URL', data: '/api/v1/users?q="é\\n"' }] })]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: full.length - 1 }), (n) => {
        const f = failure(readExport(full.slice(0, n), 'p'));
        expect(f.code).toBe('truncated');
        expect(f.position?.offset).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});
