import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { MINIMAL } from '../fixtures';
import { sarifValidator } from '../support/sarif-validator';
import { runMain } from './run';
import type { FindingJson } from '../../src/output/findings/json';

const dir = mkdtempSync(join(tmpdir(), 'wf-check-formats-'));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const BAD = MINIMAL.replace('Okta/Deactivate User', 'Okta/Deactivate Usr').replace('okta.apps.read', 'okta.app.read');
const DENY = `${MINIMAL}policy:\n  deny: ["okta.logs.*"]\n`;

describe('check: input errors are findings in json, sarif and github', () => {
  test('json: every error on stdout with its line and column, exit 1, nothing on stderr', async () => {
    const r = await runMain(['check', '--config', write('bad.yaml', BAD), '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { orgs: unknown[]; warnings: unknown[]; findings: FindingJson[] };
    expect(doc.orgs).toEqual([]);
    expect(doc.findings).toEqual([
      expect.objectContaining({ rule: 'WFS301', name: 'invalid-input', level: 'error', code: 'unknown-card', file: 'bad.yaml', line: 9, column: 9, message: 'unknown card `Okta/Deactivate Usr`', fix: expect.stringContaining('did you mean `Okta/Deactivate User`') }),
      expect.objectContaining({ rule: 'WFS301', code: 'unknown-scope', file: 'bad.yaml', line: 13, column: 12 }),
    ]);
    expect(Object.keys(doc.findings[0])).toEqual(['rule', 'name', 'level', 'code', 'file', 'line', 'column', 'message', 'fix']);
  });

  test('json: a missing file is a finding on the flag', async () => {
    const r = await runMain(['check', '--config', 'nope.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: FindingJson[] };
    expect(doc.findings).toEqual([expect.objectContaining({ rule: 'WFS301', flag: '--config', message: 'cannot read nope.yaml: no such file' })]);
  });

  test('sarif: validates, the errors located in the file', async () => {
    const r = await runMain(['check', '--config', write('bad.yaml', BAD), '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Log;
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    const results = log.runs[0].results ?? [];
    expect(results.map((x) => [x.ruleId, x.level, x.locations?.[0]?.physicalLocation?.artifactLocation?.uri, x.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
      ['WFS301', 'error', 'bad.yaml', 9],
      ['WFS301', 'error', 'bad.yaml', 13],
    ]);
    for (const x of results) expect(log.runs[0].tool.driver.rules?.[x.ruleIndex ?? -1]?.id).toBe(x.ruleId);
  });

  test('github: one error annotation per problem on its line', async () => {
    const r = await runMain(['check', '--config', write('bad.yaml', BAD), '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=bad\.yaml,line=9,col=9,title=Invalid input \(unknown-card\)::unknown card `Okta\/Deactivate Usr`\. Fix: did you mean `Okta\/Deactivate User`/);
  });
});

describe('check: policy and warnings as findings', () => {
  test('a deny violation is WFS103 naming the flow and card, exit 1; the scopes are still listed in json', async () => {
    const r = await runMain(['check', '--config', write('deny.yaml', DENY), '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { orgs: { name: string }[]; findings: FindingJson[] };
    expect(doc.orgs.map((o) => o.name)).toEqual(['prod']);
    const deny = doc.findings.filter((f) => f.rule === 'WFS103');
    expect(deny).toEqual([
      expect.objectContaining({ name: 'policy-violation', code: 'deny', org: 'prod', scope: 'okta.logs.read', flow: 'Offboard contractor', card: 'Okta/Search System Logs', file: 'deny.yaml', line: 10 }),
    ]);
    // The inferred-card warning is there too, as WFS302.
    expect(doc.findings.some((f) => f.rule === 'WFS302' && f.code === 'inferred-card')).toBe(true);
  });

  test('a suppressed deny is listed with its reason and fails nothing', async () => {
    const file = write('suppressed.yaml', `${DENY}  suppressions:\n    - {rule: deny, scope: okta.logs.read, flow: Offboard contractor, reason: "audit export, approved in SEC-9"}\n`);
    const r = await runMain(['check', '--config', file, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: (FindingJson & { suppressed?: unknown })[] };
    expect(doc.findings.filter((f) => f.rule === 'WFS103')).toEqual([
      expect.objectContaining({ flow: 'Offboard contractor', suppressed: { reason: 'audit export, approved in SEC-9' } }),
    ]);
    const gh = await runMain(['check', '--config', file, '--format', 'github'], { cwd: dir });
    expect(gh.code).toBe(0);
    expect(gh.stdout).not.toContain('Policy violation');
  });

  test('a valid declaration: warnings only, exit 0, in every machine format', async () => {
    const file = write('ok.yaml', MINIMAL);
    for (const format of ['json', 'sarif', 'github']) {
      const r = await runMain(['check', '--config', file, '--format', format], { cwd: dir });
      expect([format, r.code]).toEqual([format, 0]);
    }
    const gh = await runMain(['check', '--config', file, '--format', 'github'], { cwd: dir });
    expect(gh.stdout).toMatch(/^::warning file=ok\.yaml,line=9,col=9,title=Questionable input \(inferred-card\)::/m);
  });
});
