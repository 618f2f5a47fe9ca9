import { compareOrg } from '../../src/core/drift/compare';
import { escapeMarkdown, formatMarkdown } from '../../src/output/diff/markdown';
import {
  ACTIVATE_USER,
  AUDIT,
  DEV_ACTUAL,
  DEV_REQUIRED,
  READ_USER,
  STAGE_ACTUAL,
  STAGE_REQUIRED,
  byCards,
  byReason,
  ctx,
  fixtureReport,
  grants,
  need,
  opts,
  org,
} from '../drift/fixtures';

const REMINDER =
  '> **Reauthorize the connection.** After scopes are granted, reauthorize the Okta Workflows connection so ' +
  'that it picks them up; a connection set to "Customize scopes" must also have the new scopes ticked.';

describe('formatMarkdown', () => {
  it('renders the fixture exactly: summary line first, a table per drifting org, the reminder last', () => {
    expect(formatMarkdown(fixtureReport(), ctx)).toBe(
      [
        '**wf-scopes:** dev: in sync · prod: 2 missing, 1 extra, 1 covered by broader · stage: in sync after apply (plan grants 1, revokes 1)',
        '',
        '#### prod',
        '',
        '**Drift**: live grants of app `0oa1` (Okta Workflows OAuth).',
        '',
        '| Scope | Needed by | Effect |',
        '| --- | --- | --- |',
        '| `okta.logs.read` | Audit Logins: Okta/Search System Logs<br>Nightly Export: Okta/Custom API Action (GET /api/v1/logs) | **missing**: 403 insufficient_scope at run time |',
        '| `okta.policies.read` | extraScopes: Bookmark audit reads policies | **missing**: 403 insufficient_scope at run time |',
        '| `okta.users.read` | Onboard: Okta/Activate User<br>Onboard: Okta/Read User | covered by `okta.users.manage` |',
        '| `okta.groups.manage` | — | **extra**: an apply of the generated stack revokes this |',
        '',
        '#### stage',
        '',
        'In sync after apply: Terraform plan of app `0oa3` (Okta Workflows OAuth).',
        '',
        'The plan grants `okta.users.read`; revokes `okta.groups.manage`. After apply the grants cover the declaration.',
        '',
        REMINDER,
        '',
      ].join('\n'),
    );
  });

  it('is a single line when everything is in sync', () => {
    expect(formatMarkdown({ orgs: [compareOrg(DEV_REQUIRED, DEV_ACTUAL, opts)] }, ctx)).toBe('**wf-scopes:** dev: in sync\n');
  });

  it('counts a .read held only through its .manage as drift: an apply adds it', () => {
    const covered = compareOrg(
      org('qa', [byCards('okta.users.read', READ_USER), byCards('okta.users.manage', ACTIVATE_USER)]),
      grants('okta', ['okta.users.manage']),
      opts,
    );
    const md = formatMarkdown({ orgs: [covered] }, ctx);
    expect(md.split('\n')[0]).toBe('**wf-scopes:** qa: 1 covered by broader');
    expect(md).toContain('| `okta.users.read` | Onboard: Okta/Read User | covered by `okta.users.manage` |');
  });

  describe('reauthorize reminder', () => {
    const cases: [string, () => ReturnType<typeof compareOrg>, boolean][] = [
      ['a missing scope', () => compareOrg(org('m', [byCards('okta.logs.read', AUDIT)]), grants('okta', []), opts), true],
      [
        'an extraScopes-only missing scope',
        () => compareOrg(org('m', [byReason('okta.apps.read', 'audit', 9)]), grants('okta', []), opts),
        true,
      ],
      ['a plan that grants', () => compareOrg(STAGE_REQUIRED, STAGE_ACTUAL, opts), true],
      ['extra only', () => compareOrg(org('e', []), grants('okta', ['okta.logs.read']), opts), false],
      ['in sync', () => compareOrg(DEV_REQUIRED, DEV_ACTUAL, opts), false],
      [
        'a plan that only revokes',
        () =>
          compareOrg(
            org('p', []),
            { ...grants('plan', ['okta.logs.read']), plan: { toGrant: [], toRevoke: ['okta.logs.read'], after: [] } },
            opts,
          ),
        false,
      ],
    ];
    for (const [name, make, expected] of cases) {
      it(`is ${expected ? 'present' : 'absent'} for ${name}`, () => {
        const out = formatMarkdown({ orgs: [make()] }, ctx);
        expect(out.includes('Reauthorize the connection')).toBe(expected);
        expect(out.includes('Customize scopes')).toBe(expected);
      });
    }
  });

  it('escapes user text in the summary, headings and cells', () => {
    const nasty = need('*Bold* [x](y) <b> | $x$ & ~y~ # \\', 'Read_User', 3);
    const d = compareOrg(
      org('a|b_c', [byCards('okta.users.read', nasty), byReason('okta.apps.read', 'line one\nline | two', 4)]),
      grants('okta', [], { id: '0oa`1', label: 'My <App>' }),
      opts,
    );
    const out = formatMarkdown({ orgs: [d] }, ctx);
    expect(out).toContain('**wf-scopes:** a\\|b\\_c: 2 missing');
    expect(out).toContain('#### a\\|b\\_c\n');
    expect(out).toContain('of app ``0oa`1`` (My \\<App\\>).');
    expect(out).toContain(
      '| `okta.users.read` | \\*Bold\\* \\[x\\](y) \\<b\\> \\| \\$x\\$ \\& \\~y\\~ \\# \\\\: Okta/Read\\_User | **missing**',
    );
    expect(out).toContain('| `okta.apps.read` | extraScopes: line one line \\| two | **missing**');
    // Every table row still has exactly four unescaped pipes: no user text opened a new cell.
    for (const row of out.split('\n').filter((l) => l.startsWith('| `'))) {
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    }
  });

  it('escapes the characters that matter and nothing else', () => {
    expect(escapeMarkdown('Okta/Read User (v1.2) - ok!')).toBe('Okta/Read User (v1.2) - ok!');
    expect(escapeMarkdown('a_b*c`d|e')).toBe('a\\_b\\*c\\`d\\|e');
    expect(escapeMarkdown('two\r\nlines\nhere')).toBe('two lines here');
  });

  it('shows at most five needs per cell', () => {
    const needs = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((f, i) => need(f, 'Read User', i + 1));
    const d = compareOrg(org('x', [byCards('okta.users.read', needs[0], ...needs.slice(1))]), grants('okta', []), opts);
    const out = formatMarkdown({ orgs: [d] }, ctx);
    expect(out).toContain('E: Okta/Read User<br>… and 2 more |');
    expect(out).not.toContain('F: Okta/Read User');
  });

  it('shows an in-sync org that has an issuer mismatch', () => {
    const d = compareOrg(
      org('x', [byCards('okta.users.read', READ_USER)]),
      grants('okta', [{ scope: 'okta.users.read', issuerMismatch: 'https://other.okta.com' }], { id: '0oa9' }),
      opts,
    );
    expect(formatMarkdown({ orgs: [d] }, ctx)).toBe(
      [
        '**wf-scopes:** x: in sync (1 issuer mismatch)',
        '',
        '#### x',
        '',
        'In sync: live grants of app `0oa9`.',
        '',
        '| Scope | Needed by | Effect |',
        '| --- | --- | --- |',
        "| `okta.users.read` | — | granted under issuer `https://other.okta.com`, not the org's |",
        '',
      ].join('\n'),
    );
  });
  it('an org whose only drift is grants of unknown status is never summarized "in sync"; each grant is a row', () => {
    const report = { orgs: [compareOrg(DEV_REQUIRED, { ...DEV_ACTUAL, source: 'okta' as const, unknownStatus: [{ scope: 'okta.roles.manage', status: 'PENDING' }, { scope: 'okta.apps.read' }] }, opts)] };
    const out = formatMarkdown(report, ctx);
    expect(out.split('\n')[0]).toBe('**wf-scopes:** dev: 2 of unknown status');
    expect(out).toContain('| `okta.apps.read` | — | **unknown status** (none): neither ACTIVE nor REVOKED, so it may hold its scope |');
    expect(out).toContain('| `okta.roles.manage` | — | **unknown status** `PENDING`: neither ACTIVE nor REVOKED, so it may hold its scope |');
  });
});
