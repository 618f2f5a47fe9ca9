import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseControls } from '../../src/app/report/controls';
import { UserError, formatDiagnostics } from '../../src/util/diagnostics';
import { runMain } from '../cli/run';
import { ROOT } from './build';
import { all, hasClass, one, parseHtml, tag, text } from './dom';

/** `report --controls`: each finding tagged with the control it evidences, from a data file checked when loaded. */

const SHIPPED = readFileSync(join(ROOT, 'data', 'controls.yaml'), 'utf8');
const env = { WF_SCOPES_TODAY: '2026-12-02' };

function refusal(text: string): string {
  try {
    parseControls(text, 'data/controls.yaml');
  } catch (e) {
    if (e instanceof UserError) return formatDiagnostics(e.diagnostics);
    throw e;
  }
  throw new Error('expected the mapping to be refused');
}

describe('data/controls.yaml', () => {
  test('maps every finding to SOC 2 CC6.1/CC6.3 and NIST 800-53 AC-6/AC-6(7)', () => {
    const c = parseControls(SHIPPED, 'data/controls.yaml');
    expect(c.soc2.controls.map((x) => x.id)).toEqual(['CC6.1', 'CC6.3']);
    expect(c.nist.controls.map((x) => x.id)).toEqual(['AC-6', 'AC-6(7)']);
    expect(c.soc2.byFinding.revokes.map((x) => x.id)).toEqual(['CC6.3']);
    expect(c.nist.byFinding.revokes.map((x) => x.id)).toEqual(['AC-6(7)']);
  });

  test('a control its framework does not list, an unknown finding and a finding left out are refused at their lines', () => {
    const line = (needle: string) => SHIPPED.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const bad = SHIPPED.replace('revokes: { soc2: [CC6.3]', 'revokes: { soc2: [CC6.2]').replace('  inventory:', '  inventroy:');
    const out = refusal(bad);
    expect(out).toContain(`data/controls.yaml:${line('  revokes: {')}:`);
    expect(out).toContain('`CC6.2` is not a control of soc2 (it lists CC6.1, CC6.3)');
    expect(out).toContain(`data/controls.yaml:${line('inventory:')}:3: error: unknown finding \`inventroy\``);
    expect(out).toContain('finding `inventory` is not mapped');
  });
});

describe('wf-scopes report --controls', () => {
  test('soc2 tags the decision and the sections with the control each evidences, and names them in the legend', async () => {
    const r = await runMain(['report', '--controls', 'soc2'], { cwd: ROOT, env });
    expect(r.code).toBe(0);
    const doc = parseHtml(r.stdout);
    const section = one(doc, (e) => hasClass('org')(e) && e.attrs['data-org'] === 'prod');
    const tagged = (cls: string) => all(one(section, (e) => hasClass('dcol')(e) && hasClass(cls)(e)), hasClass('ctl')).map(text);
    expect(tagged('holds')).toEqual(['SOC 2 CC6.1']);
    expect(tagged('policy')).toEqual(['SOC 2 CC6.1']);
    const inventory = one(section, (e) => e.tag === 'h3' && text(e).startsWith('Scope inventory'));
    expect(text(inventory)).toBe('Scope inventory SOC 2 CC6.1');
    expect(text(one(doc, hasClass('controls-legend')))).toContain('SOC 2 CC6.3: access is authorized, modified or removed based on roles and least privilege');
    // Without the flag nothing is tagged.
    const plain = await runMain(['report'], { cwd: ROOT, env });
    expect(all(parseHtml(plain.stdout), hasClass('ctl'))).toEqual([]);
    expect(all(parseHtml(plain.stdout), tag('dd')).map(text).join(' ')).not.toContain('CC6');
  });

  test('nist in markdown; an unknown framework is an error naming the flag, and writes nothing', async () => {
    const md = await runMain(['report', '--controls', 'nist', '--format', 'markdown'], { cwd: ROOT, env });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### Scope inventory \\[NIST SP 800-53 AC-6\\]');
    const bad = await runMain(['report', '--controls', 'soc'], { cwd: ROOT, env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--controls');
    expect(bad.stderr).toContain('expected one of soc2, nist, none, got "soc"');
    expect(bad.stderr).toContain('did you mean `--controls soc2`?');
  });
});
