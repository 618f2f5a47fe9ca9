import type { PolicyFinding } from '../../core/policy/evaluate';
import { markdownCode, markdownMessage, markdownText as escapeMarkdown } from '../../util/escape';
import { findingMarkdown } from '../../output/findings/markdown';
import { policyViolation } from '../../rules/policy';
import { needLabel, NO_POLICY, REAUTHORIZE_HOW } from '../../core/wording';
import { LIVE_NOT_CHECKED, liveMarkdown } from './live-view';
import type { ReviewContext } from './context';
import { displayPath } from '../../util/paths';
import { RULES } from '../../rules/registry';
import { SETTING_RULES } from './findings';
import { addsScopes, summaryLine, type OrgChange, type Review, type ScopeChange } from './review';
import type { SettingChange } from './settings';


/** A cell lists this many needs, then "… and N more". */
const MAX_NEEDS_PER_CELL = 5;
/** Tables longer than this fold into <details>, so that the comment stays scannable. */
const MAX_OPEN_ROWS = 10;

/** A removed org's (or allowEmpty org's) scope that a flow still uses: no apply revokes it. */
const UNMANAGED_STILL_USED = 'stays granted: it fails with 403 only if its stack is destroyed';

/** A code span inside a table cell (`|` escaped) and outside one (where the backslash would show). */
const code = (text: string): string => markdownCode(text);
const codeText = (text: string): string => markdownCode(text, { inTable: false });
const fromMessage = (message: string): string => markdownMessage(message);

function riskCell(c: ScopeChange): string {
  const level = c.risk.level === 'high' ? '**high**' : c.risk.level;
  return `${level}: ${escapeMarkdown(c.risk.rationale)}`;
}

function needsCell(c: ScopeChange, unmanaged = false): string {
  // The grants of an org without a stack are not revoked by an apply: its cards fail only once its stack is destroyed.
  const when = unmanaged ? UNMANAGED_STILL_USED : 'fails with 403 after the apply';
  const items = [
    ...(c.stillUsed?.exports ?? []).map((u) => `**still used** in ${escapeMarkdown(u.file)}: ${escapeMarkdown(u.flow)}: ${escapeMarkdown(u.card)} (${when})`),
    ...(c.stillUsed?.otherOrgs ?? []).map((u) => `still needed in org ${escapeMarkdown(u.org)} by ${escapeMarkdown(needLabel(u.need))}`),
    ...c.neededBy.map((n) => escapeMarkdown(needLabel(n))),
    ...c.reasons.map((r) => `extraScopes: ${escapeMarkdown(r)}`),
    ...(c.connectionDefault !== undefined ? [`connection default: ${escapeMarkdown(c.connectionDefault)}`] : []),
  ];
  if (items.length === 0) return '—';
  const shown = items.slice(0, MAX_NEEDS_PER_CELL);
  if (items.length > shown.length) shown.push(`… and ${items.length - shown.length} more`);
  return shown.join('<br>');
}

function table(title: string, whoHeader: string, rows: ScopeChange[], unmanaged = false): string[] {
  const lines = [`| Scope | Risk | ${whoHeader} |`, '| --- | --- | --- |', ...rows.map((c) => `| ${code(c.scope)} | ${riskCell(c)} | ${needsCell(c, unmanaged)} |`)];
  if (rows.length <= MAX_OPEN_ROWS) return [`${title}:`, '', ...lines];
  return [`<details><summary>${title}: ${rows.length} scopes</summary>`, '', ...lines, '', '</details>'];
}

function orgBody(o: OrgChange, plan: boolean): string[] {
  // With --drift the section opens with the decision: what the app holds and what an apply does to it.
  const out: string[] = o.live ? liveMarkdown(o.live) : [];
  if (o.status === 'added') out.push('New org: every scope it is granted is added.', '');
  if (o.status === 'removed') out.push('Removed from the declaration: no apply changes its grants; they stay until its stack is destroyed on purpose.', '');
  if (o.unmanaged !== undefined) {
    if (o.removed.length > 0) out.push(...table('No longer declared, left granted (no stack, so no apply revokes them)', 'Was needed by', o.removed, true), '');
    return out;
  }
  if (o.added.length > 0) out.push(...table(plan ? 'Grants (declared, not granted now)' : 'Adds', 'Needed by', o.added), '');
  if (o.removed.length > 0) out.push(...table(plan ? 'Revokes (granted now, not declared)' : 'Removes', plan ? 'Needed by' : 'Was needed by', o.removed), '');
  return out;
}

/** One change of where the grants go, without its org: rule, setting, values (inert), what an apply does. */
function settingLine(c: SettingChange): string {
  const rule = RULES[SETTING_RULES[c.kind]];
  const value = (v: string | undefined): string => (v === undefined ? '—' : codeText(v));
  const what =
    c.kind === 'org-added'
      ? `org added: ${value(c.after)}`
      : c.kind === 'org-removed'
        ? `org removed (was ${value(c.before)})`
        : `${codeText(c.setting)} changes from ${value(c.before)} to ${value(c.after)}`;
  return `**${rule.id} ${rule.name}**: ${what}. ${escapeMarkdown(capitalize(c.effect))}`;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The changes of where the grants go, before any scope table: another tenant, app, credentials, state
 * or Terraform makes the tables below mean something else. The same change in several orgs (a
 * top-level `terraform:` edit) is one item naming them.
 */
function settingsSection(r: Review): string[] {
  if (r.settings.length === 0) return [];
  const merged = new Map<string, string[]>();
  for (const c of r.settings) {
    const line = settingLine(c);
    merged.set(line, [...(merged.get(line) ?? []), c.org]);
  }
  const out = ['#### Changes to where the grants go', ''];
  for (const [line, orgs] of merged) out.push(`- :warning: ${orgs.map((o) => `**${escapeMarkdown(o)}**`).join(', ')} · ${line}`);
  return out;
}

/** The same finding in several orgs (same rule, place and message) is one line naming the orgs. */
function mergeOrgs<T extends PolicyFinding>(findings: T[], extra: (f: T) => string = () => ''): { finding: T; orgs: string[] }[] {
  const out = new Map<string, { finding: T; orgs: string[] }>();
  for (const f of findings) {
    const key = [f.rule, f.loc.file, f.loc.line, f.loc.column, f.message, extra(f)].join('\0');
    const hit = out.get(key);
    if (hit) hit.orgs.push(f.org);
    else out.set(key, { finding: f, orgs: [f.org] });
  }
  return [...out.values()];
}

/** A policy finding through the shared Markdown renderer, naming the orgs that share it. */
function findingLine(f: PolicyFinding, orgs: string[], ctx: ReviewContext): string {
  return findingMarkdown(policyViolation(f), ctx, orgs);
}

function policySection(r: Review, ctx: ReviewContext): string[] {
  const { violations, suppressed } = r.policy;
  if (violations.length === 0 && suppressed.length === 0) return [];
  const out = ['#### Policy', ''];
  for (const { finding, orgs } of mergeOrgs(violations)) out.push(`- :x: ${findingLine(finding, orgs, ctx)}`);
  if (suppressed.length > 0) {
    if (violations.length > 0) out.push('');
    const merged = mergeOrgs(suppressed, (x) => `${x.suppression.reason}\0${x.suppression.expires ?? ''}`);
    const n = merged.length;
    out.push(`<details><summary>${n} suppressed ${n === 1 ? 'finding, with its reason' : 'findings, with their reasons'}</summary>`, '');
    for (const { finding: s, orgs } of merged) {
      const expires = s.suppression.expires ? ` (until ${s.suppression.expires})` : '';
      out.push(`- ${findingLine(s, orgs, ctx)}<br>Reason: ${escapeMarkdown(s.suppression.reason)}${expires}`);
    }
    out.push('', '</details>');
  }
  return out;
}

function orgsText(orgs: string[] | undefined): string {
  return orgs === undefined ? 'every org' : orgs.map(escapeMarkdown).join(', ');
}

function flowsSection(r: Review): string[] {
  const flows = r.flows ?? [];
  if (flows.length === 0) return [];
  const count = (s: string): number => flows.filter((f) => f.status === s).length;
  const parts = (['added', 'changed', 'removed'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
  const out = [`<details><summary>Flows: ${parts.join(', ')}</summary>`, ''];
  for (const f of flows) {
    const cards: string[] = [];
    if (f.status === 'changed') {
      cards.push(...f.cardsAdded.map((c) => `+ ${escapeMarkdown(c)}`), ...f.cardsRemoved.map((c) => `− ${escapeMarkdown(c)}`));
      if (f.orgs) cards.push(`runs in ${orgsText(f.orgs.after)} (was ${orgsText(f.orgs.before)})`);
    } else cards.push(...(f.status === 'added' ? f.cardsAdded : f.cardsRemoved).map(escapeMarkdown));
    out.push(`- ${f.status} ${codeText(f.flow)}: ${cards.join(', ') || 'no cards'}`);
  }
  out.push('', '</details>');
  return out;
}

/**
 * A pull-request comment: one summary line first; then, per org (orgs with the same changes share a
 * section), the scopes added and removed with their risk and the cards behind them; policy findings;
 * the flows changed (folded); and the reauthorization reminder when anything is added. When nothing
 * changed and the policy is clean it is the summary line alone.
 */
export function reviewToMarkdown(r: Review, ctx: ReviewContext): string {
  const blocks: string[] = [`**wf-scopes review:** ${summaryLine(r)}`];
  const plan = r.base.kind === 'plan';

  // Orgs whose sections would read the same are merged under one heading.
  const sections = new Map<string, string[]>();
  for (const o of r.orgs) {
    const body = orgBody(o, plan);
    if (body.length === 0) continue;
    const key = body.join('\n');
    sections.set(key, [...(sections.get(key) ?? []), o.name]);
  }
  const policy = policySection(r, ctx);
  const flows = flowsSection(r);
  const settings = settingsSection(r);
  const anything = settings.length > 0 || sections.size > 0 || policy.length > 0 || flows.length > 0 || r.notes.length > 0;
  if (anything) {
    const absent = r.base.absent ? ` (absent there: everything is new)` : '';
    blocks.push(`Compared ${codeText(displayPath(r.file, ctx.cwd, ctx.baseDir))} with ${codeText(r.base.label)}${absent}.${r.drift ? '' : ` ${LIVE_NOT_CHECKED}`}`);
    // No policy is a finding to act on, not a pass; a comment that is its lead line alone (nothing changed) leaves it out.
    const none = `- :warning: **${markdownMessage(NO_POLICY, { inTable: false })}**`;
    if (!r.policy.declared) policy.splice(0, 2, '#### Policy', '', none);
  }
  if (settings.length > 0) blocks.push(settings.join('\n'));
  for (const [body, names] of sections) blocks.push([`#### ${names.map(escapeMarkdown).join(', ')}`, '', body.trimEnd()].join('\n'));
  if (policy.length > 0) blocks.push(policy.join('\n'));
  if (flows.length > 0) blocks.push(flows.join('\n'));
  for (const n of r.notes) blocks.push(`> ${fromMessage(n)}`);
  if (addsScopes(r)) blocks.push(`> **Reauthorize after the apply.** ${REAUTHORIZE_HOW}`);
  return `${blocks.join('\n\n')}\n`;
}
