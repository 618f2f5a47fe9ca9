import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { loadCatalog } from '../../src/core/catalog';
import { catalogStats } from '../../src/core/catalog/listing';
import { ROOT, runMain } from './run';

const catalog = loadCatalog();

describe('wf-scopes catalog', () => {
  test('--stats prints the counts per connector and evidence level, and their totals', async () => {
    const r = await runMain(['catalog', '--stats']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Connector +Cards +Actions +Events +stated +template +inferred +analogy +Scope rows/);
    const { connectors, total } = catalogStats(catalog);
    for (const s of [...connectors, total]) {
      const row = lines.find((l) => l.startsWith(`${s.name} `));
      const cells = row?.slice(s.name.length).trim().split(/\s+/);
      expect(cells).toEqual([
        String(s.cards),
        String(s.actions),
        String(s.events),
        String(s.cardsByLevel.stated),
        String(s.cardsByLevel.template),
        String(s.cardsByLevel.inferred),
        String(s.cardsByLevel.analogy),
        `${s.scopesByLevel.stated}/${s.scopesByLevel.template}/${s.scopesByLevel.inferred}/${s.scopesByLevel.analogy}`,
      ]);
    }
    expect(total.cards).toBe(catalog.cards.length);
    expect(total.cardsByLevel.stated + total.cardsByLevel.template + total.cardsByLevel.inferred + total.cardsByLevel.analogy).toBe(total.cards);
  });

  test('--format json lists every card with each scope, its evidence and source; byte-identical across runs', async () => {
    const r = await runMain(['catalog', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((await runMain(['catalog', '--format', 'json'])).stdout).toBe(r.stdout);
    const doc = JSON.parse(r.stdout) as {
      connectors: { key: string; cards: { ref: string; evidence: string; scopes: { scope: string; evidence: string; source: string; like?: string }[] }[] }[];
    };
    expect(doc.connectors.map((c) => c.key)).toEqual(['okta', 'oktadevices', 'oktarealms', 'oktaitp']);
    const cards = doc.connectors.flatMap((c) => c.cards);
    expect(cards).toHaveLength(catalog.cards.length);
    const read = cards.find((c) => c.ref === 'Okta/Read User');
    expect(read?.evidence).toBe('analogy');
    expect(read?.scopes).toEqual([
      { scope: 'okta.schemas.read', evidence: 'analogy', source: expect.stringContaining('oktarealms/overviews/scopes.htm'), like: 'Okta Realms/Create Realm User', checked: '2026-12-04' },
      { scope: 'okta.users.read', evidence: 'inferred', source: expect.stringContaining('okta-management-openapi-spec'), checked: '2026-11-25' },
    ]);
    expect(cards.find((c) => c.ref === 'Okta ITP/Upsert User Risk')?.scopes.map((s) => s.scope)).toEqual(['okta.userRisk.manage']);
  });

  test('--format markdown renders one table per connector whose rows are the card-scope pairs', async () => {
    const r = await runMain(['catalog', '--format', 'markdown']);
    expect(r.code).toBe(0);
    const html = new MarkdownIt().render(r.stdout);
    expect((html.match(/<table>/g) ?? []).length).toBe(catalog.connectors.length);
    const rows = (html.match(/<tr>/g) ?? []).length - catalog.connectors.length; // minus header rows
    const expected = catalog.cards.reduce((n, c) => n + Math.max(1, c.evidence.length), 0);
    expect(rows).toBe(expected);
    expect(html).toContain('<td>Upsert User Risk</td>');
  });

  test('text lists each card with its scopes and evidence', async () => {
    const r = await runMain(['catalog']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Okta ITP \(oktaitp\): 7 cards; event cards need okta\.eventHooks\.manage/);
    expect(r.stdout).toMatch(/ {2}Search Groups \[searchGroups\] \(action\)\n {4}okta\.groups\.read {2}template {2}https:\/\/github\.com\/okta\/workflows-templates\/\S+ {2}checked 2026-11-25\n/);
  });

  test('a bad --format is refused with the choices', async () => {
    const r = await runMain(['catalog', '--format', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Allowed choices are text, json, markdown/);
  });
});

describe('check knows every documented event card', () => {
  test('no event card of the Okta, Okta Devices or Okta ITP connector pages is reported unknown', async () => {
    const names: [string, string][] = [
      ['Okta', 'User Okta Password Reset by an Admin'],
      ['Okta', 'API Token Created'],
      ['Okta', 'Application Created'],
      ['Okta', 'User Account Locked'],
      ['Okta Devices', 'Device Enrolled'],
      ['Okta Devices', 'Phone Verification SMS Sent'],
      ['Okta ITP', 'User Risk Detected'],
    ];
    const flows = names.map(([conn, name], i) => `  - name: F${i}\n    trigger: ${conn}/${name}\n`).join('');
    const yaml = `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n${flows}  - name: Risk\n    cards: [Okta ITP/Upsert User Risk]\n`;
    const dir = mkdtempSync(join(tmpdir(), 'wf-cat-'));
    writeFileSync(join(dir, 'scopes.yaml'), yaml);
    const r = await runMain(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { orgs: { scopes: { scope: string }[] }[]; warnings: { code: string }[] };
    expect(doc.warnings.filter((w) => w.code === 'unknown-event')).toEqual([]);
    expect(doc.orgs[0]?.scopes.map((s) => s.scope)).toEqual(['okta.eventHooks.manage', 'okta.userRisk.manage']);
  });

  test('a Custom API call the OAuth app cannot make, and a match through a word, are flagged', async () => {
    const yaml = `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
flows:
  - name: Tokens
    cards:
      - Okta/Custom API Action: DELETE /api/v1/api-tokens/current
      - Okta/Custom API Action: GET /api/v1/users/me
`;
    const dir = mkdtempSync(join(tmpdir(), 'wf-cat-'));
    writeFileSync(join(dir, 'scopes.yaml'), yaml);
    const r = await runMain(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { warnings: { code: string; message: string }[] };
    const byCode = (code: string) => doc.warnings.filter((w) => w.code === code).map((w) => w.message);
    expect(byCode('not-callable-by-oauth-app')).toEqual([
      expect.stringMatching(/^`DELETE \/api\/v1\/api-tokens\/current` \(revokeCurrentApiToken\) takes no OAuth scope: .*cannot call it through the Okta Workflows OAuth app/),
    ]);
    expect(byCode('uncertain-endpoint')).toEqual([expect.stringMatching(/`GET \/api\/v1\/users\/me` matched `\/api\/v1\/users\/\{id\}` only through \{id\} = "me"/)]);
  });
});

describe('wf-scopes catalog --stale (in-process)', () => {
  // Every row with the sources it cites, as the data says; what --stale must list is computed from it here.
  const staleRefs = (since: string): string[] => {
    const old = (checked: string) => checked === 'unknown' || checked < since;
    const refs = new Set<string>();
    for (const c of catalog.cards) {
      const dates = [...c.evidence.map((e) => e.checked), ...(c.page !== undefined ? [c.pageChecked ?? 'unknown'] : []), ...(c.evidence.length === 0 ? [c.sourceChecked] : [])];
      if (dates.some(old)) refs.add(catalog.refOf(c));
    }
    for (const conn of catalog.connectors) {
      const checked = (url: string) => catalog.sources.find((s) => s.url === url)?.checked ?? 'unknown';
      if (old(checked(conn.scopesPage)) || old(checked(conn.defaultScopesSource))) refs.add(conn.name);
    }
    return [...refs].sort();
  };

  test('lists the rows whose source was not read in the last N days, per $WF_SCOPES_TODAY, and the sources to read again', async () => {
    const r = await runMain(['catalog', '--stale', '7', '--format', 'json'], { env: { WF_SCOPES_TODAY: '2026-12-10' } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(r.stdout) as { today: string; days: number; since: string; rows: { ref: string; item: string; checked: string; source: string }[]; sources: { url: string; checked: string; rows: number }[] };
    expect(doc).toMatchObject({ today: '2026-12-10', days: 7, since: '2026-12-03' });
    expect([...new Set(doc.rows.map((x) => x.ref))].sort()).toEqual(staleRefs('2026-12-03'));
    // Read on 2026-12-04 is within 7 days of 2026-12-10; the pages not re-read since November are not.
    expect(doc.rows.every((x) => x.checked < '2026-12-03')).toBe(true);
    expect(doc.rows.map((x) => x.ref)).not.toContain('Okta/OAuth2 App Consent Granted');
    expect(doc.rows).toContainEqual(expect.objectContaining({ ref: 'Okta/Custom API Action', item: 'source', checked: '2026-11-25' }));
    expect(doc.rows).toContainEqual(expect.objectContaining({ ref: 'Okta Devices', item: 'scopes page' }));
    expect(doc.sources.reduce((n, s) => n + s.rows, 0)).toBe(doc.rows.length);
    expect(doc.sources.map((s) => s.checked)).toEqual([...doc.sources.map((s) => s.checked)].sort());
  });

  test('0 days lists everything not read today; a long span lists only what was never recorded', async () => {
    const all = await runMain(['catalog', '--stale', '0'], { env: { WF_SCOPES_TODAY: '2027-06-01' } });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^\d+ rows of \d+ cards and 4 connectors cite a source not read since 2027-06-01 \(--stale 0; today 2027-06-01\)\.\n/);
    expect(all.stdout).toContain('\nOkta/Update Application Credentials for an Assigned User\n  okta.apps.manage  inferred  checked 2026-11-25  https://github.com/okta/okta-management-openapi-spec/');
    expect(all.stdout).toContain('\nSources to read again, oldest first:\n  2026-11-25  ');
    const none = await runMain(['catalog', '--stale', '3650'], { env: { WF_SCOPES_TODAY: '2026-12-04' } });
    expect(none).toMatchObject({ code: 0, stdout: 'Every source was read on or after 2016-12-06 (--stale 3650; today 2026-12-04).\n' });
  });

  test('markdown renders one table row per stale row', async () => {
    const r = await runMain(['catalog', '--stale', '5', '--format', 'markdown'], { env: { WF_SCOPES_TODAY: '2026-12-04' } });
    expect(r.code).toBe(0);
    const html = new MarkdownIt().render(r.stdout);
    const rows = (html.match(/<tr>/g) ?? []).length - 1;
    const json = JSON.parse((await runMain(['catalog', '--stale', '5', '--format', 'json'], { env: { WF_SCOPES_TODAY: '2026-12-04' } })).stdout) as { rows: unknown[] };
    expect(rows).toBe(json.rows.length);
    expect(rows).toBeGreaterThan(0);
  });

  test.each([['-1'], ['7d'], ['1.5'], [''], ['99999']])('refuses --stale %j, naming the flag, and writes nothing to stdout', async (bad) => {
    const r = await runMain(['catalog', '--stale', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--stale: error: expected a whole number of days from 0 to 36500/);
  });

  test('refuses --stale with --stats', async () => {
    const r = await runMain(['catalog', '--stale', '30', '--stats']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/--stale: error: --stale and --stats cannot be combined/);
  });

  test("the README's catalog examples run verbatim", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/^npx wf-scopes (catalog\b.*)$/gm)].map((m) => m[1] ?? '');
    expect(commands).toEqual(expect.arrayContaining(['catalog --stats', 'catalog --stale 90']));
    for (const command of commands) {
      const r = await runMain(command.split(' '), { env: { WF_SCOPES_TODAY: '2026-12-04' } });
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 0, stderr: '' });
    }
  });

  test('the full listing shows when each source was read', async () => {
    const r = await runMain(['catalog']);
    expect(r.stdout).toContain('  Import Roadblock (event)\n    okta.eventHooks.manage  stated  https://help.okta.com/wf/en-us/Content/Topics/Workflows/connector-reference/okta/overviews/scopes.htm  checked 2026-12-04\n    page  https://help.okta.com/wf/en-us/Content/Topics/Workflows/connector-reference/okta/events/importroadblock.htm  checked 2026-12-04\n');
    const json = JSON.parse((await runMain(['catalog', '--format', 'json'])).stdout) as { sources: { url: string; checked: string }[] };
    expect(json.sources).toEqual(catalog.sources.map((s) => ({ url: s.url, checked: s.checked })));
  });
});

describe('check knows each card issue 21 names (in-process)', () => {
  const project = (flows: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-cat21-'));
    writeFileSync(join(dir, 'scopes.yaml'), `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n${flows}`);
    return dir;
  };
  type CheckJson = { orgs: { scopes: { scope: string; neededBy: { card: string }[] }[] }[]; warnings: { code: string; message: string; hint?: string }[] };

  test.each([
    ['OAuth2 App Consent Granted'],
    ['Import Started'],
    ['Import Process Completed'],
    ['Import Roadblock'],
    ['Device Unsuspended'],
    ['Device Deleted'],
    ['User Signed In Attempt'],
    ['Sync User in External Application'],
  ])('the Okta event %s is a catalog card that needs okta.eventHooks.manage', async (name) => {
    const r = await runMain(['check', '--format', 'json'], { cwd: project(`  - name: F\n    trigger: Okta/${name}\n`) });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.warnings.filter((w) => w.code === 'unknown-event' || w.code === 'unknown-card')).toEqual([]);
    expect(doc.orgs[0]?.scopes.map((s) => s.scope)).toContain('okta.eventHooks.manage');
  });

  test('Update Application Credentials for an Assigned User needs its endpoint\'s okta.apps.manage and okta.apps.read', async () => {
    const r = await runMain(['check', '--format', 'json'], { cwd: project('  - name: Creds\n    cards: [Okta/Update Application Credentials for an Assigned User]\n') });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.orgs[0]?.scopes.map((s) => s.scope)).toEqual(['okta.apps.manage', 'okta.apps.read']);
    // Not all stated: check says so, with each scope's evidence.
    expect(doc.warnings.filter((w) => w.code === 'inferred-card').map((w) => w.message)).toEqual([
      expect.stringMatching(/okta\.apps\.manage inferred from the API endpoint it calls, okta\.apps\.read by analogy with Okta\/Assign User to Application for SSO/),
    ]);
  });

  test('Access Certification Decision Submitted grants the event hook scope only, and check says the evidence is split', async () => {
    const r = await runMain(['check', '--format', 'json'], {
      cwd: project('  - name: A\n    trigger: Okta/Access Certification Decision Submitted\n  - name: B\n    trigger: okta/accessCertificationDecisionSubmitted\n'),
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.orgs[0]?.scopes.map((s) => s.scope)).toEqual(['okta.eventHooks.manage']);
    expect(doc.warnings.filter((w) => w.code === 'split-evidence')).toEqual([
      {
        code: 'split-evidence',
        message: expect.stringMatching(/^`Okta\/Access Certification Decision Submitted`: the sources disagree \(2 uses\): Okta's event table .* okta\.governance\.accessCertifications\.manage/),
        hint: 'if a run fails with 403 naming okta.governance.accessCertifications.manage, add it under extraScopes with the reason',
        file: expect.stringMatching(/scopes\.yaml$/),
        line: 6,
        column: 14,
      },
    ]);
    const text = await runMain(['check'], { cwd: project('  - name: A\n    trigger: Okta/Access Certification Decision Submitted\n') });
    expect(text.stderr).toMatch(/warning: `Okta\/Access Certification Decision Submitted`: the sources disagree: /);
  });
});
