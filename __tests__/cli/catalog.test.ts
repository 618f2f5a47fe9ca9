import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { loadCatalog } from '../../src/catalog';
import { catalogStats } from '../../src/catalog/listing';
import { runMain } from './run';

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
      { scope: 'okta.schemas.read', evidence: 'analogy', source: expect.stringContaining('oktarealms/overviews/scopes.htm'), like: 'Okta Realms/Create Realm User' },
      { scope: 'okta.users.read', evidence: 'inferred', source: expect.stringContaining('okta-management-openapi-spec') },
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
    expect(r.stdout).toMatch(/ {2}Search Groups \[searchGroups\] \(action\)\n {4}okta\.groups\.read {2}template {2}https:\/\/github\.com\/okta\/workflows-templates\//);
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
