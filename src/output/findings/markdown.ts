import { markdownCode, markdownMessage, markdownText } from '../../util/escape';
import { displayPath } from '../../util/paths';
import { RULES } from '../../rules/registry';
import { unsuppressed, type Finding, type FindingContext } from '../../rules/finding';

const ICON = { error: ':x:', warning: ':warning:', note: ':information_source:' } as const;

/**
 * One finding as a Markdown list item body: `**WFS103 policy-violation** · prod, dev · `scopes.yaml:12`: message`.
 * `orgs` lets a caller name the orgs of findings it merged; every user string is inert.
 */
export function findingMarkdown(f: Finding, ctx: Pick<FindingContext, 'baseDir' | 'cwd'>, orgs: readonly string[] = f.org !== undefined ? [f.org] : []): string {
  const rule = RULES[f.rule];
  const where = f.loc ? ` · ${markdownCode(`${displayPath(f.loc.file, ctx.cwd, ctx.baseDir)}${f.loc.line !== undefined ? `:${f.loc.line}` : ''}`, { inTable: false })}` : f.flag !== undefined ? ` · ${markdownCode(f.flag, { inTable: false })}` : '';
  const named = orgs.filter((o) => o !== '*');
  const org = named.length > 0 ? ` · ${named.map(markdownText).join(', ')}` : '';
  const code = f.code !== undefined ? ` (${markdownText(f.code)})` : '';
  return `**${rule.id} ${rule.name}**${code}${org}${where}: ${markdownMessage(f.message, { inTable: false })}`;
}

/** Findings as a Markdown list; the same finding in several orgs is one item naming them. */
export function findingsToMarkdown(findings: readonly Finding[], ctx: Pick<FindingContext, 'baseDir' | 'cwd'>): string {
  const merged = new Map<string, { finding: Finding; orgs: string[] }>();
  for (const f of unsuppressed(findings)) {
    const key = [f.rule, f.code ?? '', f.loc?.file ?? '', f.loc?.line ?? '', f.loc?.column ?? '', f.message, f.fix ?? ''].join('\0');
    const hit = merged.get(key);
    if (hit) {
      if (f.org !== undefined && !hit.orgs.includes(f.org)) hit.orgs.push(f.org);
    } else merged.set(key, { finding: f, orgs: f.org !== undefined ? [f.org] : [] });
  }
  const lines = [...merged.values()].map(({ finding, orgs }) => {
    const fix = finding.fix !== undefined ? `<br>Fix: ${markdownMessage(finding.fix, { inTable: false })}` : '';
    return `- ${ICON[finding.level]} ${findingMarkdown(finding, ctx, orgs)}${fix}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
