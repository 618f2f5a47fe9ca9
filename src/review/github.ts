import { needLabel } from '../report/wording';
import type { SourceLoc } from '../util/diagnostics';
import { repoPath, type ReviewContext } from './context';
import { summaryLine, type Review, type ScopeChange } from './review';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): annotations on
 * the lines of scopes.yaml that introduce each added scope, and on each policy violation.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

type Level = 'error' | 'warning' | 'notice';

/** Message text: `%`, CR and LF are the characters that would end or corrupt the command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` (next property) and `:` (the `::` before the message). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: Level, props: { file?: string; loc?: SourceLoc; title: string }, message: string): string {
  const p: string[] = [];
  if (props.file !== undefined) p.push(`file=${escapeProperty(props.file)}`);
  if (props.loc) p.push(`line=${Math.max(1, props.loc.line)}`, `col=${Math.max(1, props.loc.column)}`);
  p.push(`title=${escapeProperty(props.title)}`);
  return `::${level} ${p.join(',')}::${escapeData(message)}`;
}

function who(c: ScopeChange): string {
  const items = [...c.neededBy.map(needLabel), ...c.reasons.map((r) => `extraScopes: ${r}`)];
  if (items.length === 0) return '';
  const shown = items.slice(0, 3);
  return `${shown.join('; ')}${items.length > shown.length ? `; and ${items.length - shown.length} more` : ''}`;
}

/**
 * One annotation per added scope and place (orgs that share both are named together), one per removed
 * scope at its org, and one per policy violation. The first line, not a command, is the summary.
 */
export function reviewToGithub(r: Review, ctx: ReviewContext): string {
  const lines = [`wf-scopes review: ${summaryLine(r)}`];
  const plan = r.base.kind === 'plan';

  const added = new Map<string, { change: ScopeChange; orgs: string[] }>();
  for (const o of r.orgs) {
    for (const a of o.added) {
      const key = `${a.scope}\0${a.loc ? `${a.loc.file}:${a.loc.line}:${a.loc.column}` : ''}\0${who(a)}`;
      const hit = added.get(key);
      if (hit) hit.orgs.push(o.name);
      else added.set(key, { change: a, orgs: [o.name] });
    }
  }
  for (const { change: a, orgs } of added.values()) {
    const high = a.risk.level === 'high';
    const title = `${high ? 'High-risk scope' : 'Scope'} added: ${a.scope}`;
    const why = who(a);
    const message =
      `${orgs.join(', ')}: ${plan ? 'grants' : 'adds'} ${a.scope} (${a.risk.level} risk: ${a.risk.rationale}).` +
      `${why ? ` Needed by ${why}.` : ''} After the apply, reauthorize the Okta Workflows connection.`;
    lines.push(command(high ? 'warning' : 'notice', { file: a.loc ? repoPath(a.loc.file, ctx) : undefined, loc: a.loc, title }, message));
  }
  for (const o of r.orgs) {
    for (const c of o.removed) {
      const why = who(c);
      const message = `${o.name}: ${plan ? 'revokes' : 'removes'} ${c.scope}${why ? ` (was needed by ${why})` : ''}.`;
      lines.push(command('notice', { file: o.loc ? repoPath(o.loc.file, ctx) : undefined, loc: o.loc, title: `Scope ${plan ? 'revoked' : 'removed'}: ${c.scope}` }, message));
    }
  }
  for (const v of r.policy.violations) {
    const org = v.org === '*' ? '' : `${v.org}: `;
    lines.push(command('error', { file: repoPath(v.loc.file, ctx), loc: v.loc, title: `Policy violation (${v.rule})` }, `${org}${v.message}`));
  }
  return `${lines.join('\n')}\n`;
}
