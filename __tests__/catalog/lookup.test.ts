import { loadCatalog, stripBuilderSuffix } from '../../src/core/catalog';

const catalog = loadCatalog();

function card(ref: string) {
  const hit = catalog.findCard(ref);
  if (!hit.ok) throw new Error(`${ref}: ${hit.reason} (${hit.suggestions.join(', ')})`);
  return hit.card;
}

describe('findCard', () => {
  it('finds a card by its display reference', () => {
    const c = card('Okta/Search System Logs');
    expect(c.connector).toBe('okta');
    expect(c.key).toBe('searchSystemLogs');
    expect(c.scopes).toEqual(['okta.logs.read']);
  });

  it.each([
    'okta/search system logs',
    'OKTA/SEARCH SYSTEM LOGS',
    'Okta / SearchSystemLogs',
    '  okta/searchsystemlogs  ',
    'Okta/Search  System\tLogs',
  ])('ignores case and whitespace: %p', (ref) => {
    expect(card(ref).name).toBe('Search System Logs');
  });

  it('accepts connector names and keys written either way', () => {
    expect(card('Okta Devices/Read Device').connector).toBe('oktadevices');
    expect(card('oktadevices/Read Device').connector).toBe('oktadevices');
    expect(card('okta realms/Search Realms').connector).toBe('oktarealms');
  });

  it('accepts aliases (renamed default titles)', () => {
    const viaAlias = card('Okta/Find Users');
    expect(viaAlias.name).toBe('Search Users');
    expect(viaAlias).toBe(card('Okta/Search Users'));
    expect(card('Okta/Create Import Session').name).toBe('Create an Import Session');
  });

  it('accepts connectorKey/cardKey, with or without a builder suffix', () => {
    expect(card('okta/readUser').name).toBe('Read User');
    expect(card('okta/addNewUserToGroup').name).toBe('Add User to Group');
    expect(card('okta/hTTPRequest').customApi).toBe(true);
    expect(card('oktarealms/listRealmUsers_tmcXa7PfAt').name).toBe('List Realm Users');
    expect(card('oktarealms/searchRealms_P4iAKL5cJ').name).toBe('Search Realms');
  });

  it('keeps same-named cards of different connectors apart', () => {
    const okta = card('Okta/Custom API Action');
    const devices = card('Okta Devices/Custom API Action');
    expect(okta).not.toBe(devices);
    expect(okta.connector).toBe('okta');
    expect(devices.connector).toBe('oktadevices');
    expect(card('Okta/User MFA Factor Activated').connector).toBe('okta');
    expect(card('oktadevices/userMFAFactorActivated').connector).toBe('oktadevices');
  });

  it('finds event cards by title and key', () => {
    const c = card('Okta/User Assigned to Application');
    expect(c.kind).toBe('event');
    expect(c.key).toBe('userAddedToApplicationMembership');
    expect(c.scopes).toEqual(['okta.apps.read', 'okta.eventHooks.manage']);
    expect(card('okta/userRemovedFromApplicationMembership').name).toBe('User Unassigned from Application');
  });

  it('suggests the nearest card of the same connector for a typo', () => {
    expect(catalog.findCard('Okta/Search System Log')).toEqual({
      ok: false,
      reason: 'unknown-card',
      suggestions: ['Okta/Search System Logs'],
    });
    const r = catalog.findCard('Okta/Raed User');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestions[0]).toBe('Okta/Read User');
  });

  it('puts the named connector first, then other connectors', () => {
    const r = catalog.findCard('Okta/Read Device');
    expect(r).toEqual({ ok: false, reason: 'unknown-card', suggestions: ['Okta Devices/Read Device'] });
    const s = catalog.suggestCards('Okta Devices/Custom API Actions');
    expect(s[0]).toBe('Okta Devices/Custom API Action');
    expect(s).toContain('Okta/Custom API Action');
  });

  it('suggests nothing absurd', () => {
    expect(catalog.findCard('Okta/Frobnicate the Widget')).toEqual({
      ok: false,
      reason: 'unknown-card',
      suggestions: [],
    });
  });

  it('reports an unknown connector with connector-name suggestions', () => {
    expect(catalog.findCard('Otka/Read User')).toEqual({
      ok: false,
      reason: 'unknown-connector',
      suggestions: ['Okta'],
    });
    const far = catalog.findCard('Salesforce/Read User');
    expect(far.ok).toBe(false);
    if (!far.ok) {
      expect(far.reason).toBe('unknown-connector');
      expect(far.suggestions).toEqual(['Okta', 'Okta Devices', 'Okta Realms', 'Okta ITP']);
    }
  });

  it('treats a reference without a connector as an unknown card and offers full references', () => {
    expect(catalog.findCard('Read User')).toEqual({
      ok: false,
      reason: 'unknown-card',
      suggestions: ['Okta/Read User'],
    });
  });
});

describe('cardByKey, refOf, connector', () => {
  it('looks up export keys and strips builder suffixes', () => {
    expect(catalog.cardByKey('okta', 'readUser')?.name).toBe('Read User');
    expect(catalog.cardByKey('oktarealms', 'listRealmUsers_tmcXa7PfAt')?.name).toBe('List Realm Users');
    expect(catalog.cardByKey('oktarealms', 'searchRealms_P4iAKL5cJ')?.name).toBe('Search Realms');
    expect(catalog.cardByKey('okta', 'noSuchCard')).toBeUndefined();
    expect(catalog.cardByKey('oktaprivilegedaccess', 'customApiAction_KC4ijKL5WC')).toBeUndefined();
    // Keys are the export's exact spelling; a title is not a key.
    expect(catalog.cardByKey('okta', 'Read User')).toBeUndefined();
  });

  it('strips only a suffix of 8 to 12 id characters', () => {
    expect(stripBuilderSuffix('listRealmUsers_tmcXa7PfAt')).toBe('listRealmUsers');
    expect(stripBuilderSuffix('customApiAction_KC4ijKL5WC')).toBe('customApiAction');
    expect(stripBuilderSuffix('relative_url')).toBe('relative_url');
    expect(stripBuilderSuffix('a_b')).toBe('a_b');
  });

  it('writes references as Connector/Card Name, which findCard reads back', () => {
    for (const c of catalog.cards) {
      const ref = catalog.refOf(c);
      const back = catalog.findCard(ref);
      expect(back.ok && back.card).toBe(c);
    }
    expect(catalog.refOf(card('okta/readUser'))).toBe('Okta/Read User');
    expect(catalog.refOf(card('oktadevices/read device'))).toBe('Okta Devices/Read Device');
  });

  it('resolves connectors by name or key, case- and space-insensitively', () => {
    expect(catalog.connector('Okta Devices')?.key).toBe('oktadevices');
    expect(catalog.connector('OKTADEVICES')?.key).toBe('oktadevices');
    expect(catalog.connector(' okta ')?.key).toBe('okta');
    expect(catalog.connector('oktaprivilegedaccess')).toBeUndefined();
  });
});

describe('scopes', () => {
  it('knows scope names exactly and suggests near misses', () => {
    expect(catalog.scope('okta.users.read')?.kind).toBe('read');
    expect(catalog.scope('okta.user.read')).toBeUndefined();
    expect(catalog.suggestScopes('okta.user.read')).toEqual(['okta.users.read']);
    expect(catalog.suggestScopes('okta.users.mange')[0]).toBe('okta.users.manage');
    expect(catalog.suggestScopes('zzz')).toEqual([]);
  });

  it('flags exactly the connector defaults as auto-granted', () => {
    const auto = catalog.scopes.filter((s) => s.autoGranted).map((s) => s.name).sort();
    expect(auto).toEqual(['address', 'email', 'groups', 'offline_access', 'okta.realms.read', 'openid', 'phone', 'profile']);
    for (const s of auto) expect(catalog.isAutoGranted(s)).toBe(true);
    expect(catalog.isAutoGranted('device_sso')).toBe(false);
    expect(catalog.isAutoGranted('okta.users.read')).toBe(false);
    expect(catalog.isAutoGranted('okta.realms.manage')).toBe(false);
    expect(catalog.isAutoGranted('not.a.scope')).toBe(false);
  });
});

describe('loadCatalog', () => {
  it('memoizes the default catalog and freezes it', () => {
    expect(loadCatalog()).toBe(catalog);
    expect(Object.isFrozen(catalog.cards)).toBe(true);
    expect(Object.isFrozen(catalog.cards[0].scopes)).toBe(true);
    expect(() => {
      (catalog.cards[0].scopes as string[]).push('okta.users.manage');
    }).toThrow(TypeError);
  });
});
