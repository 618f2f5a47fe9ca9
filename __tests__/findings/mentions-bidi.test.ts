import { markdownTokens } from '../support/markdown';
import { renderMarkdown } from '../../src/app/report';
import { compareOrg } from '../../src/core/drift/compare';
import { findingsToMarkdown } from '../../src/output/findings/markdown';
import { finding } from '../../src/rules/finding';
import { renderDrift } from '../../src/output/diff';
import { renderReview, reviewChange } from '../../src/app/review';
import { checkCoverage, coverageToMarkdown, flowsKeyLoc } from '../../src/app/scan';
import { reportOf } from '../access-report/build';
import { byCards, ctx as driftCtx, grants, need, opts, org } from '../drift/fixtures';
import { BASE, ctx as reviewCtx, project } from '../review/fixtures';
import { OKTA, card, catalog, exportText, scanTexts } from '../scan/helpers';

/**
 * A flow named after a GitHub team pings the whole team when a comment shows `@org/security-team` as
 * text; a right-to-left override inside a name reverses what the reviewer reads (`daer` → `read`).
 */
const TEAM = '@org/security-team';
const RLO = '\u202e';
const NAME = `${TEAM} ${RLO}daer.sresu`;

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
/** What GitHub's mention filter links: `@` after a non-word character (or at the start), then a name character. */
const MENTION = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9]/;

/** Parsed back: no text node would become a mention, no bidi control reaches the page, the name is still there. */
function expectNeutral(markdown: string): void {
  expect(markdown).not.toMatch(BIDI);
  const all = markdownTokens(markdown);
  const text = all.filter((t) => t.type === 'text').map((t) => t.content);
  for (const t of text) expect(t).not.toMatch(MENTION);
  // The name is still readable: with the joiner removed, the text or a code span shows it, override visible.
  const shown = all.filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content.replace(/\u200d/g, '')).join('\n');
  expect(shown).toContain(`${TEAM} \\u202edaer.sresu`);
}

describe('@mentions and bidi controls in every Markdown writer', () => {
  test('review comment', () => {
    const head = BASE.replace('extraScopes:', `  - name: ${JSON.stringify(NAME)}\n    cards:\n      - Okta/Deactivate User\nextraScopes:`);
    const review = reviewChange(project(head), { kind: 'git', label: 'HEAD~1:scopes.yaml', project: project(BASE) });
    expectNeutral(renderReview('markdown', review, reviewCtx));
  });

  test('diff comment', () => {
    const report = { orgs: [compareOrg(org('prod', [byCards('okta.logs.read', need(NAME, 'Search System Logs', 12))]), grants('okta', []), opts)] };
    expectNeutral(renderDrift('markdown', report, driftCtx));
  });

  test('access report (markdown)', () => {
    const yaml = `version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: ${JSON.stringify(NAME)}\n    folder: ${JSON.stringify(`${TEAM} ${RLO}x`)}\n    cards: [Okta/Read User]\nextraScopes:\n  - scope: okta.apps.read\n    reason: ${JSON.stringify(`ask ${TEAM} ${RLO}`)}\n`;
    expectNeutral(renderMarkdown(reportOf(yaml)));
  });

  test('scan --check comment', () => {
    const report = scanTexts({ 'a.flow': exportText([{ id: 'f1', name: NAME, methods: [card(OKTA('readUser'), { uuid: 'ru', title: 'Read User' })] }]) });
    const text = `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n  - name: Other\n    cards: [Okta/Search Groups]\n`;
    const p = project(text);
    expectNeutral(coverageToMarkdown(checkCoverage(report, p.manifest, p.resolution, catalog, flowsKeyLoc(text, 'scopes.yaml'))));
  });

  test('findings as Markdown (check, diff and review findings share it)', () => {
    const f = finding('org-not-read', { org: NAME, message: `Not compared: ${NAME} and \`${NAME}\`` });
    expectNeutral(findingsToMarkdown([f], { baseDir: '/repo', cwd: '/repo' }));
  });
});
