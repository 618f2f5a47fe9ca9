import { githubData, githubProperty } from '../../util/escape';
import { displayPath } from '../../util/paths';
import { RULES } from '../../rules/registry';
import { unsuppressed, withFix, type Finding, type FindingContext } from '../../rules/finding';

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, one annotation per
 * finding on its line of scopes.yaml (or the export). The same finding in several orgs (same rule,
 * place, title and message) is one annotation naming the orgs. Every value is escaped per the
 * workflow-command rules; a finding without a file is an annotation without a place.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

function annotation(f: Finding, orgs: string[], ctx: FindingContext): string {
  const p: string[] = [];
  if (f.loc) {
    p.push(`file=${githubProperty(displayPath(f.loc.file, ctx.cwd, ctx.baseDir))}`);
    if (f.loc.line !== undefined) p.push(`line=${Math.max(1, f.loc.line)}`, `col=${Math.max(1, f.loc.column ?? 1)}`);
  }
  p.push(`title=${githubProperty(f.title ?? RULES[f.rule].title)}`);
  const who = orgs.length > 0 ? `${orgs.join(', ')}: ` : f.flag !== undefined ? `${f.flag}: ` : '';
  return `::${COMMAND[f.level]} ${p.join(',')}::${githubData(`${who}${withFix(f)}`)}`;
}

/** Annotations in the order given; `header` (a summary, not a command) is the first line when given. */
export function findingsToGithub(findings: readonly Finding[], ctx: FindingContext, header?: string): string {
  const merged = new Map<string, { finding: Finding; orgs: string[] }>();
  // A suppressed finding is an accepted exception: no annotation.
  for (const f of unsuppressed(findings)) {
    const key = [f.rule, f.loc?.file ?? '', f.loc?.line ?? '', f.loc?.column ?? '', f.title ?? '', f.message, f.fix ?? '', f.flag ?? ''].join('\0');
    const hit = merged.get(key);
    if (hit) {
      if (f.org !== undefined && !hit.orgs.includes(f.org)) hit.orgs.push(f.org);
    } else merged.set(key, { finding: f, orgs: f.org !== undefined ? [f.org] : [] });
  }
  const lines = [...merged.values()].map(({ finding, orgs }) => annotation(finding, orgs, ctx));
  // The header is built from the same untrusted names: escaped as data, so it cannot be a command.
  if (header !== undefined) lines.unshift(githubData(header).replace(/^(\s*)::/, '$1\\::'));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
