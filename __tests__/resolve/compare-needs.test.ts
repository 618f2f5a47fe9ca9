import { compareNeeds as fromDrift } from '../../src/core/drift';
import { compareNeeds } from '../../src/core/resolve/resolve';
import type { Need } from '../../src/core/resolve/types';

const need = (over: Partial<Omit<Need, 'loc'>> & { loc?: Partial<Need['loc']> }): Need => ({
  flow: 'F',
  connector: 'Okta',
  card: 'Custom API Action',
  confidence: 'stated',
  ...over,
  loc: { file: 'scopes.yaml', line: 10, column: 5, ...over.loc },
});

describe('compareNeeds: one total order for the resolver and the drift report', () => {
  it('is the same function in core/resolve and core/drift', () => {
    expect(fromDrift).toBe(compareNeeds);
  });
  it('orders by flow, connector, card, then the call', () => {
    const a = need({ call: { method: 'GET', path: '/api/v1/logs', operationId: 'listLogEvents' } });
    const b = need({ call: { method: 'GET', path: '/api/v1/users', operationId: 'listUsers' } });
    expect([b, a].sort(compareNeeds)).toEqual([a, b]);
    expect(compareNeeds(need({ flow: 'A' }), need({ flow: 'B', loc: { line: 1 } }))).toBeLessThan(0);
  });
  it('breaks the remaining ties by file, line and column, so that no two distinct needs tie', () => {
    expect(compareNeeds(need({ loc: { file: 'a.yaml', line: 9 } }), need({ loc: { file: 'b.yaml', line: 1 } }))).toBeLessThan(0);
    expect(compareNeeds(need({ loc: { column: 9 } }), need({ loc: { column: 3 } }))).toBeGreaterThan(0);
    expect(compareNeeds(need({}), need({}))).toBe(0);
  });
});
