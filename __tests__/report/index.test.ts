import { REPORT_FORMATS, isReportFormat, renderDrift } from '../../src/output/diff';
import { formatJson } from '../../src/output/diff/json';
import { formatMarkdown } from '../../src/output/diff/markdown';
import { formatSarif } from '../../src/output/diff/sarif';
import { formatText } from '../../src/output/diff/text';
import { ctx, fixtureReport } from '../drift/fixtures';

describe('renderDrift', () => {
  const report = fixtureReport();

  it('dispatches each format to its formatter', () => {
    expect(renderDrift('text', report, ctx)).toBe(formatText(report, ctx));
    expect(renderDrift('json', report, ctx)).toBe(formatJson(report, ctx));
    expect(renderDrift('markdown', report, ctx)).toBe(formatMarkdown(report, ctx));
    expect(renderDrift('sarif', report, ctx)).toBe(formatSarif(report, ctx));
  });

  it('github: an annotation per finding, at the card or the org, naming the org', () => {
    const lines = renderDrift('github', report, ctx).trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error file=config/scopes.yaml,line=12,col=7,title=A scope a Workflows card needs is not granted',
      '::error file=config/scopes.yaml,line=3,col=5,title=A scope a Workflows card needs is not granted',
      '::warning file=config/scopes.yaml,line=16,col=7,title=A required scope is held only through its broader .manage scope',
      '::warning file=config/scopes.yaml,line=3,col=5,title=A granted scope is not declared',
    ]);
    expect(lines[0]).toContain('::prod: Scope okta.logs.read is not granted (live grants, app 0oa1)');
  });

  it('gives five distinct outputs, each ending with exactly one newline', () => {
    const outs = REPORT_FORMATS.map((f) => renderDrift(f, report, ctx));
    expect(new Set(outs).size).toBe(5);
    for (const o of outs) expect(o).toMatch(/[^\n]\n$/);
  });

  it('does not modify the report', () => {
    const before = JSON.stringify(report);
    for (const f of REPORT_FORMATS) renderDrift(f, report, ctx);
    expect(JSON.stringify(report)).toBe(before);
  });

  it('recognises format names', () => {
    expect(['text', 'json', 'markdown', 'sarif', 'md', 'html'].filter(isReportFormat)).toEqual([
      'text',
      'json',
      'markdown',
      'sarif',
    ]);
  });
});
