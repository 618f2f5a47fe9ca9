import { REPORT_FORMATS, isReportFormat, renderDrift } from '../../src/report';
import { formatJson } from '../../src/report/json';
import { formatMarkdown } from '../../src/report/markdown';
import { formatSarif } from '../../src/report/sarif';
import { formatText } from '../../src/report/text';
import { ctx, fixtureReport } from '../drift/fixtures';

describe('renderDrift', () => {
  const report = fixtureReport();

  it('dispatches each format to its formatter', () => {
    expect(renderDrift('text', report, ctx)).toBe(formatText(report, ctx));
    expect(renderDrift('json', report, ctx)).toBe(formatJson(report, ctx));
    expect(renderDrift('markdown', report, ctx)).toBe(formatMarkdown(report, ctx));
    expect(renderDrift('sarif', report, ctx)).toBe(formatSarif(report, ctx));
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
