import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../cli/run';
import { BASE } from '../review/fixtures';
import { all, hasClass, kids, one, parseHtml, tag, text, walk, type DomElement } from './dom';

/**
 * Issue 19 item 2: `report --since <previous report.html | git revision | scopes.yaml>`, per org the
 * scopes added and removed since, with their risk and flows; the previous report's record verified.
 */
const env = { WF_SCOPES_TODAY: '2026-01-15' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    encoding: 'utf8',
  });
}

// Since the base: prod gets Offboard contractor (okta.users.manage, high), the extraScopes entry goes
// (okta.apps.read), and dev is no longer declared.
const NOW = BASE.replace(/extraScopes:\n(.|\n)*$/, '')
  .replace('  - name: dev\n    domain: acme.oktapreview.com\n', '')
  .concat('  - name: Offboard contractor\n    cards:\n      - Okta/Deactivate User\n');

/** A repository whose last commit holds BASE, a report written from it, and NOW in the working tree. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-since-'));
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'scopes.yaml'), BASE);
  writeFileSync(join(dir, 'old.yaml'), BASE);
  git(dir, 'add', 'scopes.yaml');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

const shared = (() => {
  const dir = workspace();
  let ready: Promise<void> | undefined;
  return {
    dir,
    ready: () =>
      (ready ??= (async () => {
        const r = await runMain(['report', '--now', '2026-01-01', '--output', 'previous.html'], { cwd: dir, env });
        expect(r.code).toBe(0);
        writeFileSync(join(dir, 'scopes.yaml'), NOW);
      })()),
  };
})();

async function report(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  await shared.ready();
  return runMain(['report', '--now', '2026-02-01', ...args], { cwd: shared.dir, env });
}

const rowsOf = (t: DomElement | undefined): string[][] => (t ? all(t, tag('tr')).filter((tr) => tr.attrs['data-scope'] !== undefined).map((tr) => kids(tr, 'td').map(text)) : []);

/** Per org of the page: the rows of its added and removed tables. */
function sinceFacts(html: string): Record<string, { added: string[][]; removed: string[][] }> {
  const doc = parseHtml(html);
  const out: Record<string, { added: string[][]; removed: string[][] }> = {};
  for (const d of all(doc, hasClass('since-org'))) {
    out[d.attrs['data-org'] ?? ''] = { added: rowsOf(all(d, hasClass('since-added'))[0]), removed: rowsOf(all(d, hasClass('since-removed'))[0]) };
  }
  return out;
}

const EXPECTED = {
  prod: {
    added: [['okta.users.manage', 'high', 'Offboard contractor']],
    removed: [['okta.apps.read', 'medium', 'no flow: extraScopes only']],
  },
};

describe('report --since', () => {
  test('a previous report: per org the scopes added and removed, after the summary and before the details', async () => {
    const r = await report('--since', 'previous.html');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sinceFacts(r.stdout)).toEqual(EXPECTED);
    const doc = parseHtml(r.stdout);
    // The page-level block comes right after the header, before the first org.
    const main = one(doc, tag('main'));
    const order = main.children.filter((c): c is DomElement => c.kind === 'element').map((e) => (e.attrs.class ?? e.tag).split(' ')[0]);
    expect(order.slice(0, 3)).toEqual(['header', 'since', 'org']);
    const since = one(doc, hasClass('since'));
    expect(text(since)).toContain('Compared with previous.html (generated 2026-01-01; record SHA-256 ');
    expect(text(since)).toContain(', verified; made from scopes.yaml (SHA-256 ');
    // dev is no longer declared: its grants stay, as review says.
    expect(text(one(doc, hasClass('since-removed-org')))).toBe(
      'Org dev (2 scopes in the previous review) is no longer declared: no stack is synthesized for it, so no apply changes its grants; they stay granted until its stack is destroyed on purpose.',
    );
    // In the org's section: after the tiles, before the scope inventory.
    const org = one(doc, hasClass('org'));
    const children = org.children.filter((c): c is DomElement => c.kind === 'element');
    const at = (pred: (e: DomElement) => boolean): number => children.findIndex(pred);
    const sinceAt = at(hasClass('since-org'));
    expect(sinceAt).toBeGreaterThan(at(hasClass('tiles')));
    expect(sinceAt).toBeLessThan(at((e) => e.tag === 'h3' && text(e) === 'Scope inventory'));
    expect(text(one(org, hasClass('since-org')))).toContain('1 scope added, 1 removed since previous.html.');
  });

  test('a git revision and a scopes.yaml file give the same changes, each pinned', async () => {
    for (const [value, pin] of [
      ['HEAD', /Compared with HEAD:scopes\.yaml \(commit [0-9a-f]{40}\)/],
      ['old.yaml', /Compared with old\.yaml \(SHA-256 [0-9a-f]{64}\)/],
    ] as const) {
      const r = await report('--since', value);
      expect(r.stderr).toBe('');
      expect(sinceFacts(r.stdout)).toEqual(EXPECTED);
      expect(text(one(parseHtml(r.stdout), hasClass('since')))).toMatch(pin);
    }
  });

  test('the markdown twin states the same facts', async () => {
    const r = await report('--since', 'previous.html', '--format', 'markdown');
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('## Since the previous review\n');
    expect(md).toContain('> Org **dev** (2 scopes in the previous review) is no longer declared');
    const prod = md.slice(md.indexOf('## prod'));
    expect(prod.indexOf('### Since the previous review')).toBeLessThan(prod.indexOf('### Scope inventory'));
    expect(prod).toContain('| `okta.users.manage` | **high** | Offboard contractor |');
    expect(prod).toContain('| `okta.apps.read` | **medium** | no flow: extraScopes only |');
    const rows = (title: string): string[] => {
      const part = prod.slice(prod.indexOf(title));
      return part.slice(0, part.indexOf('\n\n', part.indexOf('|---'))).split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split('`')[1] ?? '');
    };
    expect(rows('**Added since')).toEqual(EXPECTED.prod.added.map((x) => x[0]));
    expect(rows('**Removed since')).toEqual(EXPECTED.prod.removed.map((x) => x[0]));
  });

  test('without --since nothing is added but the record; the record pins itself and reads back', async () => {
    const r = await report();
    expect(r.stdout).not.toContain('Since the previous review');
    const doc = parseHtml(r.stdout);
    const script = one(doc, (e) => e.tag === 'script' && e.attrs.id === 'wf-scopes-record');
    expect(script.attrs.type).toBe('application/json');
    const body = text(script);
    const pin = one(doc, (e) => e.tag === 'meta' && e.attrs.name === 'wf-scopes-record-sha256').attrs.content;
    expect(createHash('sha256').update(body).digest('hex')).toBe(pin);
    expect(text(one(doc, tag('footer')))).toContain(`SHA-256 ${pin}`);
    expect(JSON.parse(body)).toMatchObject({ format: 'wf-scopes-record', version: 1, orgs: [{ name: 'prod', scopes: expect.arrayContaining([{ scope: 'okta.users.manage', risk: 'high', flows: ['Offboard contractor'] }]) }] });
    expect((await report()).stdout).toBe(r.stdout);
  });
});

/** The line and column where the record's text starts in the page. */
function recordStart(html: string): string {
  const open = '<script type="application/json" id="wf-scopes-record">';
  const before = html.slice(0, html.indexOf(open) + open.length).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

describe('report --since refuses what it cannot trust, and writes nothing', () => {
  async function refused(html: string, ...more: string[]): Promise<string> {
    await shared.ready();
    writeFileSync(join(shared.dir, 'edited.html'), html);
    const r = await report('--since', 'edited.html', '--output', 'out.html', ...more);
    expect(r.code).toBe(1);
    expect(existsSync(join(shared.dir, 'out.html'))).toBe(false);
    return r.stderr;
  }
  const previous = async (): Promise<string> => {
    await shared.ready();
    return readFileSync(join(shared.dir, 'previous.html'), 'utf8');
  };
  /** The page with its record replaced, and the pin made to match (or not). */
  const withRecord = (html: string, record: string, pin = true): string => {
    const out = html.replace(/(<script type="application\/json" id="wf-scopes-record">)[^<]*/, (_, open: string) => `${open}${record}`);
    return pin ? out.replace(/(<meta name="wf-scopes-record-sha256" content=")[0-9a-f]*/, (_, m: string) => `${m}${createHash('sha256').update(record).digest('hex')}`) : out;
  };

  test('an edited record: its hash no longer matches the pin', async () => {
    const html = await previous();
    const edited = html.replace('{"scope":"okta.apps.read"', '{"scope":"okta.groups.read"');
    expect(edited).not.toBe(html);
    const err = await refused(edited);
    expect(err).toMatch(new RegExp(`^edited\\.html:${recordStart(html)}: error: the record's SHA-256 is [0-9a-f]{64}, but the page pins [0-9a-f]{64}: the record was changed after the report was written`));
    expect(err).toContain('write the previous report again with `wf-scopes report`, or compare with the scopes.yaml it was made from');
  });

  test('a record that is not JSON, or not a record, is refused at its line and column', async () => {
    const html = await previous();
    const start = recordStart(html);
    const [line, column] = start.split(':').map(Number);
    expect(await refused(withRecord(html, '{"format": "wf-scopes-record",'))).toMatch(new RegExp(`^edited\\.html:${line}:${column + 30}: error: the record is not valid JSON`));
    const v2 = '{"format":"wf-scopes-record","version":2,"generatedAt":"x","declaration":{"file":"a","sha256":"b"},"orgs":[]}';
    expect(await refused(withRecord(html, v2))).toMatch(new RegExp(`^edited\\.html:${line}:${column + 39}: error: the record's version must be 1`));
    const twice = '{"format":"wf-scopes-record","version":1,"generatedAt":"x","declaration":{"file":"a","sha256":"b"},"orgs":[{"name":"p","scopes":[]},{"name":"p","scopes":[]}]}';
    expect(await refused(withRecord(html, twice))).toContain("error: the record's org `p` appears twice");
  });

  test('a page without a record, and a bad value, name --since', async () => {
    expect(await refused('<!DOCTYPE html><html><body>a report from elsewhere</body></html>')).toMatch(/^--since: error: edited\.html holds no wf-scopes record/);
    const r = await report('--since', 'no-such-report.html');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^--since: error: unknown git revision "no-such-report\.html"\n {2}name a branch, tag or commit, e\.g\. --since v1\.4; .*there is no file no-such-report\.html here/);
    const dash = await report('--since=--help');
    expect(dash.stderr).toMatch(/^--since: error: "--help" is not a git revision/);
  });

  test('an invalid previous scopes.yaml is named as the base, with its own located errors', async () => {
    await shared.ready();
    writeFileSync(join(shared.dir, 'bad.yaml'), 'version: 1\norgs: 3\n');
    const r = await report('--since', 'bad.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^--since: error: the base bad\.yaml is not a valid scopes\.yaml/);
    expect(r.stderr).toMatch(/bad\.yaml:2:\d+: error/);
  });

  test('names that would break a script element round-trip through the record', async () => {
    const dir = workspace();
    const hostile = BASE.replace('  - name: Audit\n', '  - name: "</script><!--<script> Audit"\n');
    writeFileSync(join(dir, 'scopes.yaml'), hostile);
    expect((await runMain(['report', '--output', 'p.html'], { cwd: dir, env })).code).toBe(0);
    const page = readFileSync(join(dir, 'p.html'), 'utf8');
    const record = page.slice(page.indexOf('id="wf-scopes-record">'), page.indexOf('</script>', page.indexOf('id="wf-scopes-record">')));
    expect(record).toContain('\\u003c/script\\u003e\\u003c!--');
    writeFileSync(join(dir, 'scopes.yaml'), hostile.replace(/extraScopes:\n(.|\n)*$/, ''));
    const r = await runMain(['report', '--since', 'p.html'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(sinceFacts(r.stdout).prod?.removed).toEqual([['okta.apps.read', 'medium', 'no flow: extraScopes only']]);
    expect([...walk(parseHtml(r.stdout))].filter((e) => e.tag === 'script')).toHaveLength(2);
  });
});

describe('report --since with --org', () => {
  test('an org the previous report did not show is new to this review; an org this report leaves out is not "removed"', async () => {
    const dir = workspace();
    expect((await runMain(['report', '--org', 'prod', '--output', 'prod.html'], { cwd: dir, env })).code).toBe(0);
    const full = await runMain(['report', '--since', 'prod.html'], { cwd: dir, env });
    expect(full.stderr).toBe('');
    const doc = parseHtml(full.stdout);
    const dev = one(doc, (e) => hasClass('since-org')(e) && e.attrs['data-org'] === 'dev');
    expect(text(dev)).toContain('Not in the previous review: its 2 scopes are new to this review.');
    expect(sinceFacts(full.stdout).prod).toEqual({ added: [], removed: [] });
    expect(text(one(doc, (e) => hasClass('since-org')(e) && e.attrs['data-org'] === 'prod'))).toContain('No change: the same scopes as in prod.html.');
    // The other way round: dev is still declared, only left out of this report.
    expect((await runMain(['report', '--output', 'both.html'], { cwd: dir, env })).code).toBe(0);
    const prodOnly = await runMain(['report', '--org', 'prod', '--since', 'both.html'], { cwd: dir, env });
    expect(full.stdout).not.toContain('since-removed-org');
    expect(prodOnly.stdout).not.toContain('since-removed-org');
    expect(Object.keys(sinceFacts(prodOnly.stdout))).toEqual(['prod']);
  });
});

describe("the README's --since examples run verbatim", () => {
  const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const lines = [...README.matchAll(/^npx wf-scopes (report --since .*)$/gm)].map((m) => m[1] ?? '');

  test('there are three: a previous page, a tag, a commit', () => {
    expect(lines).toHaveLength(3);
  });

  test('each runs in a repository with a tag, an older commit and the last review page', async () => {
    const dir = workspace();
    expect((await runMain(['report', '--output', 'last-review.html'], { cwd: dir, env })).code).toBe(0);
    git(dir, 'tag', 'v1.4');
    writeFileSync(join(dir, 'scopes.yaml'), NOW);
    git(dir, 'commit', '-q', '-am', 'now');
    writeFileSync(join(dir, 'scopes.yaml'), NOW.replace('      - Okta/Deactivate User\n', '      - Okta/Deactivate User\n      - Okta Devices/Read Device\n'));
    for (const line of lines) {
      // `ARGS > FILE` writes stdout to FILE, as the shell would.
      const [args = '', redirect] = line.split(' > ');
      const r = await runMain(args.split(' '), { cwd: dir, env });
      expect(r.code).toBe(0);
      if (redirect !== undefined) writeFileSync(join(dir, redirect.trim()), r.stdout);
    }
    const page = sinceFacts(readFileSync(join(dir, 'report.html'), 'utf8'));
    expect(page.prod?.added.map((x) => x[0])).toEqual(['okta.users.manage', 'okta.devices.read']);
    // HEAD~1 is the commit of BASE (HEAD holds NOW): the same scopes added, in markdown.
    const md = readFileSync(join(dir, 'changes.md'), 'utf8');
    expect(md).toContain('Compared with `HEAD~1:scopes.yaml` (commit ');
    expect(md).toContain('| `okta.users.manage` | **high** | Offboard contractor |');
    expect(md).toContain('| `okta.devices.read` | **low** | Offboard contractor |');
  });
});
