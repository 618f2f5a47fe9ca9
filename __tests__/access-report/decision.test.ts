import MarkdownIt from 'markdown-it';
import { renderHtml, renderMarkdown } from '../../src/app/report';
import { EXAMPLE, driftJsonOf, overGrantDrift, reportOf, requiredOf } from './build';
import { all, hasClass, kids, one, parseHtml, tag, text, type DomElement } from './dom';

/**
 * The decision block: per org, first, what the app holds now, what approving grants and revokes (a
 * revoked connection default leads), the policy status, and the sign-off right under it.
 */

const overGrant = (): DomElement => parseHtml(renderHtml(reportOf(EXAMPLE, { drift: overGrantDrift(), orgs: ['preview'] })));

function section(doc: DomElement, org: string): DomElement {
  return one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === org, `section ${org}`);
}

const decision = (s: DomElement): DomElement => one(s, hasClass('decision'), 'decision block');
const col = (d: DomElement, cls: string): DomElement => one(d, (e) => hasClass('dcol')(e) && hasClass(cls)(e), `column ${cls}`);
const scopesOf = (e: DomElement): string[] => all(e, (x) => x.tag === 'li' && x.attrs['data-scope'] !== undefined).map((x) => x.attrs['data-scope']);

describe('the decision block (HTML)', () => {
  const doc = overGrant();
  const preview = section(doc, 'preview');
  const block = decision(preview);

  test('comes first in the org section, after its heading and header line, with the sign-off right under it', () => {
    const order = preview.children.filter((c): c is DomElement => c.kind === 'element').map((e) => e.attrs.class ?? e.tag);
    expect(order.slice(0, 5)).toEqual(['org-head', 'headline', 'decision', 'signoff', 'tiles']);
    expect(all(doc, hasClass('signoff'))).toHaveLength(1);
  });

  test('states what approving grants and revokes, with the high-risk and connection-default counts', () => {
    expect(text(one(block, hasClass('lead')))).toBe('Approving grants 1 and revokes 2: 2 high risk, 1 connection default.');
    expect(text(one(col(block, 'adds'), tag('h4')))).toBe('Approving grants (1)');
    expect(scopesOf(col(block, 'adds'))).toEqual(['okta.groups.manage']);
    expect(text(one(col(block, 'revokes'), tag('h4')))).toBe('Approving revokes (2)');
  });

  test('a revoked connection default leads: an alert first, then first among the revocations, never as a low row', () => {
    const alert = one(block, hasClass('lead-item'));
    expect(alert.attrs.role).toBe('alert');
    expect(text(alert)).toMatch(/^Revokes the connection default okta\.realms\.read: .*breaks the Okta Realms connection's authorization/);
    expect(scopesOf(col(block, 'revokes'))).toEqual(['okta.realms.read', 'okta.roles.manage']);
    const realms = one(col(block, 'revokes'), (e) => e.attrs['data-scope'] === 'okta.realms.read');
    expect(hasClass('conn-default')(realms)).toBe(true);
    expect(text(realms)).toContain('connection default of Okta Realms');
  });

  test('what the app holds now: live against declared, the undeclared high-risk grant first and marked', () => {
    const holds = col(block, 'holds');
    expect(text(holds)).toContain('10 granted (live grants) vs 9 declared.');
    const high = text(holds).replace(/^.*High risk held: /, '');
    expect(high).toBe('okta.roles.manage (not declared: approving revokes it), okta.apps.manage, okta.users.manage');
    expect(all(holds, hasClass('undeclared')).map(text)).toEqual(['okta.roles.manage (not declared: approving revokes it)']);
  });

  test('no policy is a red finding to act on, in the block and in its tile', () => {
    const policy = col(block, 'policy');
    expect(hasClass('bad')(policy)).toBe(true);
    expect(text(one(policy, tag('p')))).toMatch(/^NO POLICY: scopes\.yaml declares no policy section/);
    const tile = one(preview, hasClass('policy-tile'));
    expect(hasClass('bad')(tile)).toBe(true);
    expect(text(tile)).toContain('NO POLICY');
    // A declared policy with no violation is the only green one.
    const clean = parseHtml(renderHtml(reportOf(`${EXAMPLE}policy:\n  deny: ["okta.roles.*"]\n`, { orgs: ['preview'] })));
    const ok = col(decision(section(clean, 'preview')), 'policy');
    expect(hasClass('ok')(ok)).toBe(true);
    expect(text(one(ok, tag('p')))).toBe('No policy violation; 0 exceptions.');
  });

  test('header tiles count what the app holds against the declaration, and the high-risk grants it holds', () => {
    expect(text(one(preview, hasClass('live-tile')))).toBe('10 / 9granted now / declared');
    const high = one(preview, hasClass('high-tile'));
    expect(text(high)).toBe('3high risk granted now, 1 undeclared');
    expect(hasClass('bad')(high)).toBe(true);
  });

  test('the drift tile links to the drift section', () => {
    const tile = one(preview, hasClass('drift-tile'));
    expect(tile.tag).toBe('a');
    const target = tile.attrs.href.slice(1);
    expect(text(one(doc, (e) => e.attrs.id === target))).toBe('Drift');
  });
});

describe('the decision block in the other states', () => {
  test('without --drift: not known, and no grants or revokes are claimed', () => {
    const block = decision(section(parseHtml(renderHtml(reportOf(EXAMPLE))), 'prod'));
    expect(text(one(block, hasClass('lead')))).toBe(
      'What approving changes is not known: drift not checked (no drift result given (--drift)). An apply grants the 12 declared scopes (3 high risk) and revokes every other grant of the app.',
    );
    expect(all(block, hasClass('adds'))).toEqual([]);
    expect(all(block, hasClass('revokes'))).toEqual([]);
  });

  test('in sync: approving changes nothing', () => {
    const drift = driftJsonOf(EXAMPLE, [{ org: 'prod', granted: requiredOf(EXAMPLE, 'prod') }]);
    const block = decision(section(parseHtml(renderHtml(reportOf(EXAMPLE, { drift }))), 'prod'));
    expect(text(one(block, hasClass('lead')))).toBe('Approving changes nothing: the app holds exactly the 12 declared scopes.');
    expect(all(block, hasClass('lead-item'))).toEqual([]);
  });

  test('an org the diff could not read: NOT CHECKED, in red', () => {
    const drift = driftJsonOf(EXAMPLE, [], [{ org: 'prod', code: 'okta-unauthorized', message: '401 from the org' }]);
    const block = decision(section(parseHtml(renderHtml(reportOf(EXAMPLE, { drift }))), 'prod'));
    expect(text(one(block, hasClass('lead')))).toBe('Not checked: the diff could not read this org, so what approving grants and revokes is unknown.');
    expect(text(col(block, 'holds'))).toContain('NOT CHECKED');
  });

  test('a page of several orgs names each org with its decision at the top', () => {
    const drift = overGrantDrift();
    const doc = parseHtml(renderHtml(reportOf(EXAMPLE, { drift })));
    const items = kids(one(one(doc, tag('nav')), tag('ul')), 'li').map(text);
    expect(items).toEqual([
      'prod What approving changes is not known: drift not checked (drift.json has no result for this org). An apply grants the 12 declared scopes (3 high risk) and revokes every other grant of the app.',
      'preview Approving grants 1 and revokes 2: 2 high risk, 1 connection default.',
    ]);
  });
});

describe('the markdown twin states the same decision', () => {
  const md = new MarkdownIt({ html: true });

  test("lead, what the app holds, grants, revokes and policy: the HTML's facts, in the same order", () => {
    const report = reportOf(EXAMPLE, { drift: overGrantDrift(), orgs: ['preview'] });
    const block = decision(section(parseHtml(renderHtml(report)), 'preview'));
    const doc = parseHtml(`<!DOCTYPE html><html><body>${md.render(renderMarkdown(report))}</body></html>`);
    const body = one(doc, tag('body')).children.filter((c): c is DomElement => c.kind === 'element');
    const at = body.findIndex((e) => e.tag === 'h3' && text(e) === 'Decision');
    expect(at).toBeGreaterThan(0);
    expect(text(body[at + 1])).toBe(text(one(block, hasClass('lead'))));
    expect(text(body[at + 2])).toBe(text(one(block, hasClass('lead-item'))));
    const bullets = kids(body[at + 3], 'li').map(text);
    const codes = (e: DomElement) => all(e, tag('code')).map(text);
    expect(bullets.map((b) => b.replace(/:.*$/, ''))).toEqual(['The app holds now', 'Approving grants (1)', 'Approving revokes (2)', 'Policy']);
    expect(bullets[0]).toContain('10 granted (live grants) vs 9 declared');
    expect(bullets[0]).toContain('okta.roles.manage (not declared: approving revokes it)');
    const lists = kids(body[at + 3], 'li');
    expect(codes(lists[1])).toEqual(scopesOf(col(block, 'adds')));
    expect(codes(lists[2])).toEqual(scopesOf(col(block, 'revokes')));
    expect(bullets[3].replace(/^Policy: /, '')).toBe(text(one(col(block, 'policy'), tag('p'))));
    expect(text(body[at + 4])).toMatch(/^Sign-off: Reviewed by/);
  });
});

describe('strings from the drift file', () => {
  test('a hostile grant name is text in the decision block, the tiles and the matrix, and in the markdown twin', () => {
    const evil = 'okta.<img src=x onerror=alert(1)>.manage';
    const drift = driftJsonOf(EXAMPLE, [{ org: 'preview', granted: [...requiredOf(EXAMPLE, 'preview'), evil] }]);
    const report = reportOf(EXAMPLE, { drift, orgs: ['preview'] });
    const doc = parseHtml(renderHtml(report));
    expect(all(doc, (e) => ['img', 'svg', 'iframe'].includes(e.tag))).toEqual([]);
    for (const e of all(doc, () => true)) for (const a of Object.keys(e.attrs)) expect(a).not.toMatch(/^on/);
    const block = decision(section(doc, 'preview'));
    expect(scopesOf(col(block, 'revokes'))).toEqual([evil]);
    expect(all(one(section(doc, 'preview'), hasClass('matrix')), (e) => e.attrs.title?.startsWith(evil) ?? false)).toHaveLength(1);
    const md = parseHtml(`<!DOCTYPE html><html><body>${new MarkdownIt({ html: true }).render(renderMarkdown(report))}</body></html>`);
    expect(all(md, (e) => ['img', 'svg', 'iframe'].includes(e.tag))).toEqual([]);
    expect(text(one(md, tag('body')))).toContain(evil);
  });
});

describe('the drift section', () => {
  test('an extra connection default comes first among the extra grants, with what its revocation breaks, not as a low row', () => {
    const doc = parseHtml(renderHtml(reportOf(EXAMPLE, { drift: overGrantDrift(), orgs: ['preview'] })));
    const rows = all(one(section(doc, 'preview'), hasClass('drift-extra')), (e) => e.tag === 'tr' && e.attrs['data-scope'] !== undefined);
    expect(rows.map((r) => r.attrs['data-scope'])).toEqual(['okta.realms.read', 'okta.roles.manage']);
    expect(hasClass('conn-default')(rows[0])).toBe(true);
    expect(text(rows[0])).toContain("Connection default: granted by default with the Okta Realms connection and needed by no declared card; an apply of the generated stack REVOKES it, which breaks the Okta Realms connection's authorization");
  });
});
