import { loadCatalog } from '../../src/core/catalog';
import { isReadScope } from '../../src/core/scopes';

describe('isReadScope (core/scopes): reads are not observable in the System Log', () => {
  it('holds exactly for the read and read(self) rows of data/scopes.tsv', () => {
    const catalog = loadCatalog();
    const disagree = catalog.scopes.filter((s) => isReadScope(s.name) !== (s.kind === 'read' || s.kind === 'read(self)')).map((s) => `${s.name} (${s.kind})`);
    expect(disagree).toEqual([]);
    expect(catalog.scopes.filter((s) => isReadScope(s.name)).length).toBeGreaterThan(50);
  });

  it('judges a scope the catalog does not know by its name', () => {
    expect(isReadScope('okta.widgets.read')).toBe(true);
    expect(isReadScope('okta.widgets.read.self')).toBe(true);
    expect(isReadScope('okta.widgets.manage')).toBe(false);
    expect(isReadScope('okta.readers.manage')).toBe(false);
    expect(isReadScope('openid')).toBe(false);
  });
});
