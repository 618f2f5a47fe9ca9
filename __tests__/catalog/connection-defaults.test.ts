import { loadCatalog } from '../../src/core/catalog';
import { connectionDefaults } from '../../src/core/scopes';

const catalog = loadCatalog();

describe('connection defaults (core/scopes, from the catalog data)', () => {
  it('okta.realms.read is the Okta Realms connection default, revoked by an apply unless listed', () => {
    expect(catalog.defaults.of('okta.realms.read')).toEqual({
      scope: 'okta.realms.read',
      kind: 'connection',
      connections: ['Okta Realms'],
      revokedUnlessListed: true,
    });
    expect(catalog.defaults.isOidcDefault('okta.realms.read')).toBe(false);
    expect(catalog.isAutoGranted(' okta.realms.read ')).toBe(true);
  });

  it('the OIDC defaults are the oidc rows of data/scopes.tsv that the connections request', () => {
    const oidc = catalog.scopes.map((s) => s.name).filter((s) => catalog.defaults.isOidcDefault(s));
    expect(oidc.sort()).toEqual(['address', 'email', 'groups', 'offline_access', 'openid', 'phone', 'profile']);
    expect(catalog.defaults.of('openid')?.revokedUnlessListed).toBe(false);
    expect(catalog.defaults.connectionsOf('openid')).toContain('Okta');
    // An OIDC scope no connection requests is no default.
    expect(catalog.defaults.of('device_sso')).toBeUndefined();
  });

  it('an ordinary scope is no default, and the catalog methods agree with the module', () => {
    expect(catalog.defaults.of('okta.users.read')).toBeUndefined();
    expect(catalog.defaultOf('okta.users.read')).toEqual([]);
    for (const s of catalog.scopes) {
      expect(catalog.isAutoGranted(s.name)).toBe(catalog.defaults.isDefault(s.name));
      expect(catalog.isOidcDefault(s.name)).toBe(catalog.defaults.isOidcDefault(s.name));
      expect(catalog.defaultOf(s.name)).toEqual(catalog.defaults.connectionsOf(s.name));
    }
  });

  it('decides OIDC by the data kind, not by the name', () => {
    const d = connectionDefaults(
      [
        { name: 'openid', kind: 'oidc', autoGranted: true },
        { name: 'x.custom.read', kind: 'read', autoGranted: true },
        { name: 'okta.users.read', kind: 'read', autoGranted: false },
      ],
      [{ name: 'A', defaultScopes: ['openid', 'x.custom.read'] }],
    );
    expect(d.of('x.custom.read')).toMatchObject({ kind: 'connection', connections: ['A'], revokedUnlessListed: true });
    expect(d.isOidcDefault('openid')).toBe(true);
    expect(d.isDefault('okta.users.read')).toBe(false);
  });
});
