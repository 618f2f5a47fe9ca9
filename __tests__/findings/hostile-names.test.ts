import { markdownIt, markdownTokens, OWN_HTML } from '../support/markdown';
import { compareOrg } from '../../src/core/drift/compare';
import { renderDrift } from '../../src/output/diff';
import { resolutionToText } from '../../src/output/check';
import { renderReview, reviewChange } from '../../src/app/review';
import { checkCoverage, coverageToMarkdown, coverageToText, flowsKeyLoc } from '../../src/app/scan';
import { byCards, ctx as driftCtx, grants, need, opts, org } from '../drift/fixtures';
import { BASE, ctx as reviewCtx, project } from '../review/fixtures';
import { OKTA, card, catalog, exportText, scanTexts } from '../scan/helpers';

/** What a hostile author could name a flow: a code-span breakout, raw HTML, a link, a CI command. */
const EVIL = 'Off``<img src=x onerror=alert(1)>``board [x](https://evil) ::error::pwned';
const EVIL_YAML = JSON.stringify(EVIL);

/** No element, link or image comes from a name; the name is shown as text or code. */
function expectInert(markdown: string, shown: string): void {
  const all = markdownTokens(markdown);
  const html = all.filter((t) => t.type === 'html_inline' || t.type === 'html_block');
  for (const t of html) {
    for (const tag of t.content.match(/<[^>]*>/g) ?? []) expect(OWN_HTML).toContain(tag);
  }
  expect(all.filter((t) => t.type === 'image' || t.type === 'link_open')).toEqual([]);
  const text = all.filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('\n');
  expect(text).toContain(shown);
  // And the rendered page holds no <img> element.
  expect(markdownIt.render(markdown)).not.toMatch(/<img/i);
}

function expectNoCommandLines(text: string): void {
  for (const line of text.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
}

describe('a flow name with backticks and <img> renders as text', () => {
  test('in the review comment (tables, flows list, policy findings)', () => {
    const head = `${BASE.replace('extraScopes:', `  - name: ${EVIL_YAML}\n    reason: ${JSON.stringify('<b>why</b> `x`')}\n    cards:\n      - Okta/Deactivate User\nextraScopes:`)}policy:\n  deny: [okta.users.manage]\n`;
    const review = reviewChange(project(head), { kind: 'git', label: 'HEAD~1:scopes.yaml', project: project(BASE) });
    const out = renderReview('markdown', review, reviewCtx);
    expect(out).toContain('#### Policy');
    expectInert(out, '<img src=x onerror=alert(1)>');
    // The GitHub annotations keep the name inside one command: one line each, properties intact (the
    // runner takes everything after the properties' `::` as the message, `::` included).
    const gh = renderReview('github', review, reviewCtx).trimEnd().split('\n');
    expect(gh).toHaveLength(3);
    for (const line of gh.slice(1)) expect(line).toMatch(/^::(warning|error|notice) file=scopes\.yaml,line=\d+,col=\d+,title=[^:,]+::\S/);
  });

  test('in the diff comment, with a hostile app label from the server', () => {
    const report = {
      orgs: [compareOrg(org('prod', [byCards('okta.logs.read', need(EVIL, 'Search System Logs', 12))]), { ...grants('okta', ['okta.apps.read']), app: { id: '0oa`1', label: '<img src=y>' } }, opts)],
    };
    expectInert(renderDrift('markdown', report, driftCtx), '<img src=x onerror=alert(1)>');
  });
});

describe('no text output line built from names starts with `::`', () => {
  test('diff: a flow name on a continuation line of the table', () => {
    const report = {
      orgs: [compareOrg(org('prod', [byCards('okta.logs.read', need('0 first', 'Search System Logs', 12), need('::error::pwned', 'Search System Logs', 14))]), grants('okta', []), opts)],
    };
    const text = renderDrift('text', report, driftCtx);
    expect(text).toMatch(/^ +\\::error::pwned: Okta\/Search System Logs$/m);
    expectNoCommandLines(text);
  });

  test('check: a flow name on a continuation line of the scope list', () => {
    const p = project(`version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n  - name: 0 first\n    cards: [Okta/Search System Logs]\n  - name: "::error::pwned\\n::warning::two"\n    cards: [Okta/Search System Logs]\n`);
    const text = resolutionToText(p.resolution);
    expect(text).toContain('\\::error::pwned ::warning::two: Okta/Search System Logs');
    expectNoCommandLines(text);
  });

  test('in the scan --check comment and text', () => {
    const report = scanTexts({ [`${'::warning::x'}.flow`]: exportText([{ id: 'f1', name: `${EVIL}\n::error::line`, methods: [card(OKTA('readUser'), { uuid: 'ru', title: 'Read User' })] }]) });
    const text = `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n  - name: Other\n    cards: [Okta/Search Groups]\n`;
    const p = project(text);
    const r = checkCoverage(report, p.manifest, p.resolution, catalog, flowsKeyLoc(text, 'scopes.yaml'));
    expect(r.uncovered).toHaveLength(1);
    expectInert(coverageToMarkdown(r), '<img src=x onerror=alert(1)>');
    expectNoCommandLines(coverageToText(r));
  });
});
