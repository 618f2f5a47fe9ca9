import { createHash } from 'node:crypto';
import { renderHtml } from '../../src/app/report';
import { htmlText } from '../../src/util/escape';
import { loadProjectText } from '../../src/core/project';
import { riskOf } from '../../src/core/risk';
import { EXAMPLE, exampleDrift, reportOf } from './build';
import { all, hasClass, kids, one, parseHtml, tag, text, type DomElement } from './dom';
import { REPORT_YAML, TODAY, XSS_CARD, XSS_EXCEPTION, XSS_FLOW, XSS_FOLDER, XSS_LABEL, XSS_REASON } from './fixtures';

const project = loadProjectText(EXAMPLE, 'scopes.yaml', { today: TODAY });
const plain = parseHtml(renderHtml(reportOf(EXAMPLE)));
const withDrift = parseHtml(renderHtml(reportOf(EXAMPLE, { drift: exampleDrift() })));
const hostileHtml = renderHtml(reportOf(REPORT_YAML));
const hostile = parseHtml(hostileHtml);

function org(doc: DomElement, name: string): DomElement {
  return one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === name, `section for ${name}`);
}

function cells(row: DomElement): DomElement[] {
  return row.children.filter((c): c is DomElement => c.kind === 'element' && (c.tag === 'td' || c.tag === 'th'));
}

function scopeRow(section: DomElement, scope: string): DomElement {
  return one(section, (e) => hasClass('scope-row')(e) && e.attrs['data-scope'] === scope, `inventory row ${scope}`);
}

describe('header', () => {
  test('one section per org, and a header line with org, issuer, app, generated-at, totals and drift status', () => {
    expect(all(plain, hasClass('org')).map((e) => e.attrs['data-org'])).toEqual(['prod', 'preview']);
    const prod = text(one(org(plain, 'prod'), hasClass('headline')));
    expect(prod).toBe(
      'prod · issuer https://acme.okta.com · app 0oa8x2k4lq9ZrT3bN5d7 (Okta Workflows OAuth) · generated 2026-12-02 · 12 scopes (3 high, 6 medium, 3 low) · 5 flows · 17 cards · drift: not checked (no drift result given (--drift))',
    );
    const preview = text(one(org(plain, 'preview'), hasClass('headline')));
    expect(preview).toContain('app labelled “Okta Workflows OAuth” (found by label)');
    expect(preview).toContain('9 scopes (3 high, 5 medium, 1 low)');
    expect(text(one(withDrift, hasClass('meta')))).toContain('drift result drift.json (SHA-256 dddd');
    expect(text(one(org(withDrift, 'prod'), hasClass('headline')))).toContain('drift: DRIFT against the live grants: 2 missing, 1 covered by a broader scope, 2 extra');
  });
});

describe('scope inventory', () => {
  test('every scope the stack grants, most severe first, with its risk and rationale', () => {
    for (const o of project.resolution.orgs) {
      const section = org(plain, o.name);
      const rows = all(section, hasClass('scope-row'));
      const expected = o.scopes.map((s) => s.scope).sort((a, b) => ['high', 'medium', 'low'].indexOf(riskOf(a).level) - ['high', 'medium', 'low'].indexOf(riskOf(b).level) || (a < b ? -1 : 1));
      expect(rows.map((r) => r.attrs['data-scope'])).toEqual(expected);
      for (const r of rows) {
        const risk = riskOf(r.attrs['data-scope']);
        const riskCell = cells(r)[1];
        expect(text(one(riskCell, hasClass('chip')))).toBe(risk.level);
        expect(text(one(riskCell, hasClass('why')))).toBe(risk.rationale);
      }
    }
  });

  test('the flows and cards that need a scope, each card with its evidence level', () => {
    const row = scopeRow(org(plain, 'prod'), 'okta.users.read');
    const items = all(cells(row)[3], tag('li')).map(text);
    expect(items).toEqual([
      'Offboard contractor Lifecycle: Okta/Custom API Action (GET /api/v1/users/{userId}/factors) stated, Okta/Read User inferred',
      'Onboard employee Lifecycle: Okta/Read User inferred',
      'Partner realm report Reports: Okta Realms/List Realm Users stated',
      'Suspend inactive users Hygiene: Okta/List Users with Search inferred',
    ]);
    // The scope counts under its weakest card (README); its strongest is in the badge's detail.
    expect(text(one(cells(row)[2], hasClass('ev')))).toBe('inferred');
    expect(text(one(cells(row)[2], hasClass('ev-best')))).toBe('strongest: stated');
    const weak = all(cells(row)[3], hasClass('weak')).map(text);
    expect(weak).toEqual(['inferred', 'inferred', 'inferred']);
  });

  test('an extraScopes-only scope shows its reason and the evidence "reason"', () => {
    const row = scopeRow(org(plain, 'prod'), 'okta.groups.read');
    expect(text(cells(row)[2])).toBe('reason');
    expect(text(cells(row)[3])).toBe('no card: extraScopes only');
    expect(text(cells(row)[4])).toBe('extraScopes: The quarterly access review exports group memberships with a Custom API call we are retiring');
  });

  test('policy exceptions with their expiry beside the scope they cover', () => {
    const row = scopeRow(org(hostile, 'prod'), 'okta.roles.manage');
    expect(text(cells(row)[4])).toBe(`deny exception (expires 2027-06-30): ${XSS_EXCEPTION} scopes.yaml:40:7`);
  });

  test('with a drift result, each scope says whether the org grants it', () => {
    const section = org(withDrift, 'prod');
    const status = (s: string) => text(cells(scopeRow(section, s))[5]);
    expect(status('okta.groups.manage')).toBe('MISSING');
    expect(status('okta.apps.read')).toBe('covered by okta.apps.manage');
    expect(status('okta.logs.read')).toBe('granted');
    // The org the drift file does not cover has no status column: nothing claims it was checked.
    expect(cells(all(org(withDrift, 'preview'), hasClass('scope-row'))[0])).toHaveLength(5);
  });
});

describe('scopes x flows matrix', () => {
  test('one column per scope (inventory order), one row per flow, a cell where the flow needs the scope, coloured by risk', () => {
    for (const o of project.resolution.orgs) {
      const section = org(plain, o.name);
      const table = one(section, hasClass('matrix'));
      const heads = all(table, hasClass('scope'));
      const scopes = all(section, hasClass('scope-row')).map((r) => r.attrs['data-scope']);
      expect(heads.map(text)).toEqual(scopes);
      for (const h of heads) expect(h.attrs.class).toContain(`r-${riskOf(text(h)).level}`);

      const body = one(table, tag('tbody'));
      const rows = kids(body, 'tr').filter((r) => !hasClass('extras')(r));
      const marked = new Map<string, string[]>();
      for (const r of rows) {
        const [head, ...rest] = cells(r);
        const name = text(kids(head, 'span').length ? { ...head, children: head.children.filter((c) => c.kind === 'text') } : head);
        marked.set(
          name,
          rest.flatMap((c, i) => (c.attrs.class ? [scopes[i]] : [])),
        );
        rest.forEach((c, i) => {
          if (c.attrs.class) expect(c.attrs.class).toBe(`r-${riskOf(scopes[i]).level}`);
        });
      }
      const expected = new Map<string, string[]>();
      for (const f of project.manifest.flows.filter((f) => !f.orgs || f.orgs.includes(o.name))) {
        expected.set(
          f.name,
          scopes.filter((s) => o.scopes.find((x) => x.scope === s)?.neededBy.some((n) => n.flow === f.name)),
        );
      }
      expect(Object.fromEntries(marked)).toEqual(Object.fromEntries(expected));
      // extraScopes get their own row, so every column has a mark.
      const extras = one(table, hasClass('extras'));
      expect(cells(extras).slice(1).flatMap((c, i) => (c.attrs.class ? [scopes[i]] : []))).toEqual(['okta.groups.read']);
    }
  });

  test('a cell names the cards behind it', () => {
    const table = one(org(plain, 'prod'), hasClass('matrix'));
    const row = one(table, (e) => e.tag === 'tr' && text(e).startsWith('Offboard contractor'));
    const titled = cells(row).filter((c) => c.attrs.title).map((c) => c.attrs.title);
    expect(titled).toContain('Okta/Clear User Sessions, Okta/Deactivate User');
  });
});

describe('drift sections', () => {
  test('missing scopes with the cards that will fail, extra scopes an apply revokes', () => {
    const section = org(withDrift, 'prod');
    const missing = all(one(section, hasClass('drift-missing')), (e) => e.tag === 'tr' && e.attrs['data-scope'] !== undefined);
    expect(missing.map((r) => r.attrs['data-scope'])).toEqual(['okta.groups.manage', 'okta.devices.manage']);
    expect(all(cells(missing[0])[2], tag('li')).map(text)).toEqual(['Offboard contractor: Okta/Remove User from Group', 'Onboard employee: Okta/Add User to Group']);
    const extra = all(one(section, hasClass('drift-extra')), (e) => e.tag === 'tr' && e.attrs['data-scope'] !== undefined);
    expect(extra.map((r) => [r.attrs['data-scope'], text(cells(r)[1])])).toEqual([
      ['okta.roles.manage', 'high'],
      ['okta.brands.read', 'low'],
    ]);
    expect(text(section)).toContain('Extra: granted by the org but not declared (an apply of the generated stack revokes them)');
    expect(text(section)).toContain('reauthorize the Okta Workflows connection');
    expect(all(section, hasClass('drift-covered'))).toHaveLength(1);
  });

  test('without a drift result there is no missing or extra table, only a note that drift was not checked', () => {
    for (const doc of [plain, withDrift]) {
      const section = org(doc, 'preview');
      expect(all(section, hasClass('drift-missing'))).toHaveLength(0);
      expect(all(section, hasClass('drift-extra'))).toHaveLength(0);
    }
    expect(text(org(plain, 'prod'))).toContain('Drift: not checked (no drift result given (--drift))');
    expect(text(org(withDrift, 'preview'))).toContain('Drift: not checked (drift.json has no result for this org)');
  });
});

describe('policy', () => {
  test('every exception with its reason and expiry; expired ones are highlighted, and the violation is listed', () => {
    const section = org(hostile, 'prod');
    const rows = all(section, hasClass('exception'));
    expect(rows.map((r) => cells(r).map(text))).toEqual([
      ['deny', 'scope okta.roles.manage', XSS_EXCEPTION, '2027-06-30', 'active (1 finding)', 'scopes.yaml:40:7'],
      ['deny', 'scope okta.roles.read', 'Old audit export, retired', '2026-01-31', 'EXPIRED', 'scopes.yaml:44:7'],
    ]);
    expect(rows.map((r) => hasClass('expired')(r))).toEqual([false, true]);
    expect(all(section, hasClass('violation')).map(text)).toEqual([
      'expiredSuppression: suppression of `deny` for `okta.roles.read` expired on 2026-01-31 (reason was: Old audit export, retired) scopes.yaml:44:7',
    ]);
    // The same exceptions are in force in every org; preview has no finding for the live one.
    expect(all(org(hostile, 'preview'), hasClass('exception')).map((r) => text(cells(r)[4]))).toEqual(['active (matches nothing here)', 'EXPIRED']);
  });

  test('an exception judged on another day: live the day before it expires, expired the day after', () => {
    const live = parseHtml(renderHtml(reportOf(REPORT_YAML, { today: '2026-01-31' })));
    expect(all(org(live, 'prod'), hasClass('expired'))).toHaveLength(0);
    const later = parseHtml(renderHtml(reportOf(REPORT_YAML, { today: '2027-07-01' })));
    expect(all(org(later, 'prod'), hasClass('exception')).map((r) => hasClass('expired')(r))).toEqual([true, true]);
  });
});

describe('escaping and self-containment', () => {
  test('every user-controlled string renders as text, never as markup', () => {
    const elements = all(hostile, () => true);
    expect(elements.filter((e) => ['img', 'svg', 'iframe', 'object', 'embed', 'em', 'u', 'link', 'base', 'form', 'input'].includes(e.tag))).toEqual([]);
    // One script runs (the print helper); the other is the record, a data block no browser executes.
    expect(all(hostile, tag('script')).map((e) => e.attrs.type ?? 'javascript')).toEqual(['javascript', 'application/json']);
    for (const e of elements) for (const a of Object.keys(e.attrs)) expect(a).not.toMatch(/^on/);
    const body = text(one(hostile, tag('body')));
    for (const s of [XSS_FLOW, XSS_FOLDER, XSS_LABEL, XSS_CARD, XSS_REASON, XSS_EXCEPTION]) expect(body).toContain(s);
    // Attribute values come back intact too (the matrix tooltips, the inventory's data attributes).
    expect(all(hostile, (e) => e.attrs.title === XSS_REASON)).toHaveLength(2); // the extraScopes cell of each org
    expect(all(hostile, (e) => e.tag === 'tr' && text(e).startsWith(XSS_FLOW))).toHaveLength(2); // a matrix row per org
  });

  test('the page escaper (htmlText) covers text and both attribute quotes', () => {
    expect(htmlText(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  test('nothing is loaded from anywhere: no src, only in-page links, and a CSP that allows only the inline style and script', () => {
    for (const doc of [plain, withDrift, hostile]) {
      const elements = all(doc, () => true);
      expect(elements.filter((e) => e.attrs.src !== undefined)).toEqual([]);
      expect(elements.filter((e) => e.attrs.href !== undefined && !e.attrs.href.startsWith('#'))).toEqual([]);
      const csp = one(doc, (e) => e.tag === 'meta' && e.attrs['http-equiv'] === 'Content-Security-Policy').attrs.content;
      const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
      const style = text({ ...one(doc, tag('style')), children: one(doc, tag('style')).children });
      const raw = (e: DomElement) => e.children.map((c) => (c.kind === 'text' ? c.value : '')).join('');
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`style-src ${hash(raw(one(doc, tag('style'))))}`);
      expect(csp).toContain(`script-src ${hash(raw(one(doc, (e) => e.tag === 'script' && e.attrs.type === undefined)))}`);
      expect(style.length).toBeGreaterThan(100);
    }
  });

  test('byte-identical across runs', () => {
    expect(renderHtml(reportOf(REPORT_YAML))).toBe(hostileHtml);
  });
});
