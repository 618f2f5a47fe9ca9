import type { Log } from 'sarif';
import { escapeData, escapeProperty, renderReview, reviewChange, RULE_HIGH_RISK_ADDED, RULE_POLICY, RULE_SCOPE_ADDED, RULE_SCOPE_REMOVED, type Review, type ReviewBase } from '../../src/app/review';
import { sarifValidator } from '../support/sarif-validator';
import { ADDS_HIGH, ADDS_LOW, BASE, REMOVES, ctx, project } from './fixtures';

const gitBase = (text: string | undefined): ReviewBase => ({ kind: 'git', label: 'HEAD~1:scopes.yaml', project: text === undefined ? undefined : project(text, 'HEAD~1:scopes.yaml') });
const review = (head: string, base: string | undefined = BASE): Review => reviewChange(project(head), gitBase(base));

/** Deactivate User added and the extraScopes entry dropped, under a policy with a suppression. */
const MIXED = `${ADDS_HIGH.replace(/extraScopes:\n(.|\n)*$/, '')}policy:
  deny: ["okta.users.*"]
  suppressions:
    - rule: deny
      scope: okta.users.manage
      reason: Offboarding approved in SEC-12
`;

describe('markdown', () => {
  test('nothing changed: the one line alone', () => {
    expect(renderReview('markdown', review(BASE), ctx)).toBe('**wf-scopes review:** no scope changes\n');
  });

  test('a high-risk addition', () => {
    const md = renderReview('markdown', review(ADDS_HIGH), ctx);
    expect(md.split('\n')[0]).toBe('**wf-scopes review:** adds 2 grants in 2 orgs (2 high risk) · a reviewer must decide: a high-risk scope is added');
    expect(md).toContain('| `okta.users.manage` | **high**: ');
    expect(md).toContain('Offboard contractor: Okta/Deactivate User');
    expect(md).toContain('**Reauthorize after the apply.**');
    expect(md).toMatchSnapshot();
  });

  test('a removal and a suppressed policy finding', () => {
    const md = renderReview('markdown', review(MIXED), ctx);
    expect(md.split('\n')[0]).toBe('**wf-scopes review:** adds 2 grants in 2 orgs (2 high risk), removes 2 grants · a reviewer must decide: a high-risk scope is added');
    expect(md).toContain('| Scope | Risk | Was needed by |');
    expect(md).toContain('Reason: Offboarding approved in SEC-12');
    expect(md).toMatchSnapshot();
  });

  test('a policy violation leads the line and has its own section', () => {
    const md = renderReview('markdown', review(`${ADDS_LOW}policy:\n  deny: ["okta.devices.*"]\n`), ctx);
    expect(md.split('\n')[0]).toBe('**wf-scopes review:** adds 2 grants in 2 orgs · a reviewer must decide: 2 policy violations');
    expect(md).toMatchSnapshot();
  });

  test('orgs with different changes get a section each; a removal alone has no reauthorization reminder', () => {
    const head = REMOVES.replace('  - name: Audit\n', '  - name: Audit\n    orgs: [dev]\n').replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    allowEmpty: {reason: paused}\n');
    const md = renderReview('markdown', review(head), ctx);
    expect(md).toContain('#### prod\n');
    expect(md).toContain('#### dev\n');
    expect(md).not.toContain('Reauthorize');
    expect(md).toContain('- changed `Audit`: runs in dev (was every org)');
    expect(md).toMatchSnapshot();
  });

  test('long tables fold into <details>; user text is escaped', () => {
    const many = Array.from({ length: 11 }, (_, i) => `  - scope: okta.${['groups', 'users', 'devices', 'schemas', 'roles', 'policies', 'clients', 'domains', 'brands', 'orgs', 'authenticators'][i]}.read\n    reason: report <${i}> | *bold*\n`).join('');
    const md = renderReview('markdown', review(`${REMOVES}extraScopes:\n${many}`), ctx);
    expect(md).toContain('<details><summary>Adds: 11 scopes</summary>');
    expect(md).toContain('extraScopes: report \\<1\\> \\| \\*bold\\*');
    expect(md).not.toContain('<1>');
  });
});

describe('github annotations', () => {
  test('escaping follows the workflow-command rules', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  test('a warning at the line that introduces a high-risk scope, a notice per removal, an error per violation', () => {
    const out = renderReview('github', review(`${ADDS_HIGH.replace(/extraScopes:\n(.|\n)*$/, '')}policy:\n  deny: [okta.users.manage]\n`), ctx);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('wf-scopes review: adds 2 grants in 2 orgs (2 high risk), removes 2 grants · a reviewer must decide: a high-risk scope is added; 2 policy violations');
    expect(lines[1]).toBe(
      '::warning file=scopes.yaml,line=13,col=9,title=High-risk scope added%3A okta.users.manage::prod, dev: adds okta.users.manage ' +
        '(high risk: resets passwords and factors and changes status and profile of any user - account takeover). ' +
        'Needed by Offboard contractor: Okta/Deactivate User. After the apply, reauthorize the Okta Workflows connection.',
    );
    expect(lines[2]).toBe('::notice file=scopes.yaml,line=3,col=5,title=Scope removed%3A okta.apps.read::prod: removes okta.apps.read (was needed by extraScopes: Quarterly access report).');
    // The same finding in two orgs is one annotation naming both, as in the markdown.
    expect(lines.filter((l) => l.startsWith('::error file=scopes.yaml,line=13,col=9,title=Policy violation (deny)::dev, prod: '))).toHaveLength(1);
    expect(lines[4]).toMatch(/needed by Okta\/Deactivate User in flow `Offboard contractor`\. Fix: remove the card or scope/);
    expect(lines).toHaveLength(5);
  });

  test('odd file and flow names cannot break out of the command', () => {
    const head = project(ADDS_HIGH.replace('Offboard contractor', '"Off, board: 100%"'), 'cfg,v1:a.yaml');
    const out = renderReview('github', reviewChange(head, gitBase(BASE)), ctx);
    const line = out.split('\n')[1];
    expect(line.startsWith('::warning file=cfg%2Cv1%3Aa.yaml,line=13,col=9,title=High-risk scope added%3A okta.users.manage::')).toBe(true);
    expect(line).toContain('Needed by Off, board: 100%25: Okta/Deactivate User.');
    // Exactly one `::` separates properties from the message.
    expect(line.slice(2).split('::')).toHaveLength(2);
  });

  test('a low-risk addition is a notice', () => {
    const out = renderReview('github', review(ADDS_LOW), ctx);
    expect(out.split('\n')[1]).toMatch(/^::notice file=scopes\.yaml,line=11,col=9,title=Scope added%3A okta\.devices\.read::prod, dev: adds okta\.devices\.read \(low risk/);
  });
});

describe('sarif', () => {
  const validate = sarifValidator();

  test('validates against SARIF 2.1.0, with every rule used and locations relative to the repository', () => {
    const text = renderReview('sarif', review(`${ADDS_LOW.replace(/extraScopes:\n(.|\n)*$/, '').replace('Read Device\n', 'Read Device\n      - Okta/Deactivate User\n')}policy:\n  deny: [okta.users.manage]\n`), ctx);
    const log = JSON.parse(text) as Log;
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const results = log.runs[0].results ?? [];
    expect([...new Set(results.map((r) => r.ruleId))].sort()).toEqual([RULE_HIGH_RISK_ADDED, RULE_SCOPE_ADDED, RULE_POLICY, RULE_SCOPE_REMOVED].sort());
    const high = results.find((r) => r.ruleId === RULE_HIGH_RISK_ADDED);
    expect(high?.level).toBe('warning');
    expect(high?.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('scopes.yaml');
    expect(high?.locations?.[0].physicalLocation?.region).toEqual({ startLine: 12, startColumn: 9 });
    expect(results.find((r) => r.ruleId === RULE_POLICY)?.level).toBe('error');
    // ruleIndex agrees with the rules array.
    for (const r of results) expect(log.runs[0].tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
  });

  test('an empty review and a removed org (no location) validate too', () => {
    expect(validate(JSON.parse(renderReview('sarif', review(BASE), ctx)))).toBe(true);
    const gone = review(BASE.replace('  - name: dev\n    domain: acme.oktapreview.com\n', ''));
    const log = JSON.parse(renderReview('sarif', gone, ctx)) as Log;
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results?.every((r) => r.locations === undefined)).toBe(true);
  });
});

describe('json', () => {
  test('stable bytes and documented top-level order', () => {
    const a = renderReview('json', review(MIXED), ctx);
    expect(renderReview('json', review(MIXED), ctx)).toBe(a);
    const doc = JSON.parse(a);
    expect(Object.keys(doc)).toEqual(['file', 'base', 'drift', 'summary', 'settings', 'orgs', 'flows', 'policy', 'notes', 'findings']);
    // No --drift: what the apps hold is not checked; the declaration has a policy.
    expect([doc.drift, doc.policy.declared]).toEqual([null, true]);
    expect(doc.findings.map((f: { rule: string; org: string; suppressed?: unknown }) => [f.rule, f.org, f.suppressed])).toEqual([
      ['WFS101', 'prod', undefined],
      ['WFS101', 'dev', undefined],
      ['WFS104', 'prod', undefined],
      ['WFS104', 'dev', undefined],
      // The suppressed deny is listed with its reason, and fails nothing.
      ['WFS103', 'dev', { reason: 'Offboarding approved in SEC-12' }],
      ['WFS103', 'prod', { reason: 'Offboarding approved in SEC-12' }],
    ]);
    const sarif = JSON.parse(renderReview('sarif', review(MIXED), ctx)) as Log;
    const suppressed = (sarif.runs[0].results ?? []).filter((x) => x.suppressions);
    expect(suppressed.map((x) => x.suppressions)).toEqual([
      [{ justification: 'Offboarding approved in SEC-12', kind: 'inSource', status: 'accepted' }],
      [{ justification: 'Offboarding approved in SEC-12', kind: 'inSource', status: 'accepted' }],
    ]);
    expect(sarifValidator()(sarif)).toBe(true);
    // No annotation for an accepted exception.
    expect(renderReview('github', review(MIXED), ctx)).not.toContain('Policy violation');
    expect(doc.summary).toEqual({
      scopesAdded: 1,
      highRiskAdded: 1,
      scopesRemoved: 1,
      policyViolations: 0,
      settingChanges: 0,
      grantsAdded: 2,
      highRiskGrantsAdded: 2,
      orgsGaining: 2,
      grantsRemoved: 2,
      grantsLeft: 0,
      needsDecision: true,
      decision: ['a high-risk scope is added'],
    });
    expect(Object.keys(doc.summary).slice(-2)).toEqual(['needsDecision', 'decision']);
    expect(doc.orgs[0].added[0]).toMatchObject({ scope: 'okta.users.manage', risk: { level: 'high' }, at: { file: 'scopes.yaml', line: 13, column: 9 } });
    expect(doc.policy.suppressed[0].suppression).toEqual({ reason: 'Offboarding approved in SEC-12' });
  });
});
