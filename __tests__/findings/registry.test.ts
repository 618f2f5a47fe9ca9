import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { compareOrg } from '../../src/core/drift/compare';
import { FINDING_JSON_KEYS, RULE_LIST, RULES, SARIF_KEY_ORDER, finding, findingsToGithub, findingsToSarif, fromDiagnostics, helpUri, renderFindings } from '../../src/output/findings';
import { policyFindings } from '../../src/rules/policy';
import { renderDrift } from '../../src/output/diff';
import { stableStringify } from '../../src/output/stable-json';
import { renderReview, reviewChange } from '../../src/app/review';
import { checkCoverage, coverageToSarif, flowsKeyLoc } from '../../src/app/scan';
import { byCards, ctx as driftCtx, grants, need, opts, org } from '../drift/fixtures';
import { ADDS_HIGH, BASE, ctx as reviewCtx, project } from '../review/fixtures';
import { catalog, sampleExport, scanTexts } from '../scan/helpers';
import { sarifValidator } from '../support/sarif-validator';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the rule registry', () => {
  test('one id, one name, one level per rule; ids in their command range', () => {
    expect(new Set(RULE_LIST.map((r) => r.id)).size).toBe(RULE_LIST.length);
    expect(new Set(RULE_LIST.map((r) => r.name)).size).toBe(RULE_LIST.length);
    for (const r of RULE_LIST) {
      expect(r.id).toMatch(/^WFS[0-3]\d\d$/);
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.title && r.description && r.help).toBeTruthy();
    }
    expect(RULES['missing-scope'].id).toBe('WFS001');
    expect(RULES['undeclared-card'].id).toBe('WFS201');
    expect(RULES['invalid-input'].id).toBe('WFS301');
  });

  test('the README documents every rule with its anchor, name and level', () => {
    for (const r of RULE_LIST) {
      expect(README).toContain(`| <a id="${r.id.toLowerCase()}"></a>${r.id} | ${r.name} | ${r.level} |`);
    }
    expect(helpUri(RULES['missing-scope'], 'https://example.com/wf-scopes')).toBe('https://example.com/wf-scopes#wfs001');
    expect(helpUri(RULES['missing-scope'], undefined)).toBeUndefined();
  });

  test('a finding takes its level from its rule', () => {
    expect(finding('stale-card', { message: 'x' })).toEqual({ rule: 'stale-card', level: 'note', message: 'x' });
    expect(finding('invalid-input', { message: 'x', loc: undefined, fix: undefined })).toEqual({ rule: 'invalid-input', level: 'error', message: 'x' });
  });
});

describe('every command, one model', () => {
  const validate = sarifValidator();
  const findingCtx = { toolVersion: '0.1.0', baseDir: '/repo', cwd: '/repo' };
  const checkProject = project(`${ADDS_HIGH}policy:\n  deny: [okta.users.manage]\n`);
  const text = `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\nflows:\n  - name: Gone\n    cards: [Okta/Read User]\n`;
  const scanProject = project(text);
  const logs: Record<string, string> = {
    check: findingsToSarif([...fromDiagnostics(checkProject.warnings), ...policyFindings(checkProject.policy)], findingCtx),
    diff: renderDrift('sarif', { orgs: [compareOrg(org('prod', [byCards('okta.logs.read', need('A', 'Search System Logs', 3))]), grants('okta', ['okta.apps.read']), opts)] }, driftCtx),
    review: renderReview('sarif', reviewChange(checkProject, { kind: 'git', label: 'HEAD~1:scopes.yaml', project: project(BASE) }), reviewCtx),
    scan: coverageToSarif(checkCoverage(scanTexts({ 'a.flow': sampleExport() }), scanProject.manifest, scanProject.resolution, catalog, flowsKeyLoc(text, 'scopes.yaml')), { toolVersion: '0.1.0', baseDir: '/work' }),
  };

  test('every SARIF log validates and carries the same rules, in the same order', () => {
    const rules = Object.values(logs).map((l) => {
      const log = JSON.parse(l) as Log;
      expect(validate(log)).toBe(true);
      for (const r of log.runs[0].results ?? []) expect(log.runs[0].tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
      return JSON.stringify(log.runs[0].tool.driver.rules);
    });
    expect(new Set(rules).size).toBe(1);
  });

  test('the logs are in the documented key order (plain JSON.stringify of ordered builders)', () => {
    for (const l of Object.values(logs)) expect(l).toBe(`${stableStringify(JSON.parse(l), { keyOrder: SARIF_KEY_ORDER })}\n`);
    const json = renderFindings('json', policyFindings(checkProject.policy), findingCtx);
    expect(json).toBe(`${stableStringify(JSON.parse(json), { keyOrder: ['findings', ...FINDING_JSON_KEYS] })}\n`);
  });

  test('no rule id is used by two commands for different things', () => {
    const used = new Map<string, Set<string>>();
    for (const [command, l] of Object.entries(logs)) {
      for (const r of (JSON.parse(l) as Log).runs[0].results ?? []) used.set(r.ruleId ?? '', new Set([...(used.get(r.ruleId ?? '') ?? []), command]));
    }
    // Policy violations are the one rule two commands share, and they mean the same in both.
    const shared = [...used].filter(([, commands]) => commands.size > 1).map(([id]) => id);
    expect(shared).toEqual([RULES['policy-violation'].id]);
    expect([...used.keys()].sort()).toEqual(expect.arrayContaining(['WFS001', 'WFS002', 'WFS101', 'WFS103', 'WFS201', 'WFS202', 'WFS302']));
  });

  test('renderFindings gives the same facts in every format', () => {
    const fs2 = policyFindings(checkProject.policy);
    const json = JSON.parse(renderFindings('json', fs2, findingCtx)) as { findings: { rule: string; flow: string }[] };
    expect(json.findings.map((f) => [f.rule, f.flow])).toEqual([['WFS103', 'Offboard contractor'], ['WFS103', 'Offboard contractor']]);
    expect(renderFindings('text', fs2, findingCtx)).toMatch(/^scopes\.yaml:13:9: error: org dev: `okta\.users\.manage` is denied/m);
    expect(renderFindings('markdown', fs2, findingCtx)).toMatch(/^- :x: \*\*WFS103 policy-violation\*\* \(deny\) · dev, prod · `scopes\.yaml:13`: /);
    expect(findingsToGithub(fs2, findingCtx).trimEnd().split('\n')).toHaveLength(1);
  });
});
