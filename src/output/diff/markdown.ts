import { sortReport } from '../../core/drift/order';
import type { DriftReport, OrgDrift } from '../../core/drift/types';
import type { Need } from '../../core/resolve/types';
import type { ReportContext } from '../../rules/report-context';
import { markdownCode, markdownText } from '../../util/escape';
import {
  EXTRA_AFTER_APPLY_EFFECT,
  EXTRA_EFFECT,
  MISSING_EFFECT,
  REAUTHORIZE,
  addsScopes,
  extraDefaultEffect,
  needLabel,
  planActionEffect,
  planHasChanges,
  sentence,
  revokedEffect,
  sourceLabel,
  UNKNOWN_STATUS_EFFECT,
} from '../../core/wording';

/** A pull-request comment stays readable when one scope is needed by many cards. */
const MAX_NEEDS_PER_CELL = 5;

/** User text in Markdown (kept under its old name for callers): see markdownText. */
export const escapeMarkdown = markdownText;

/** A code span for a scope name or id, safe whatever backticks it holds. */
const code = (text: string): string => markdownCode(text);

function needsCell(needs: Need[], reasons: string[]): string {
  const items = [...needs.map((n) => escapeMarkdown(needLabel(n))), ...reasons.map((r) => `extraScopes: ${escapeMarkdown(r)}`)];
  if (items.length === 0) return '—';
  const shown = items.slice(0, MAX_NEEDS_PER_CELL);
  if (items.length > shown.length) shown.push(`… and ${items.length - shown.length} more`);
  return shown.join('<br>');
}

/** `prod: 2 missing, 1 extra` / `dev: in sync (1 covered by broader)`. */
function summaryItem(o: OrgDrift): string {
  const afterApply = o.source === 'plan' ? ' after apply' : '';
  const counts: string[] = [];
  const unsafe = planActionEffect(o.plan?.action);
  if (unsafe) counts.push(unsafe.split(':')[0]);
  if ((o.plan?.revokes?.length ?? 0) > 0) counts.push(`revokes ${o.plan?.revokes?.length} that must stay`);
  if (o.missing.length > 0) counts.push(`${o.missing.length} missing`);
  if (o.extra.length > 0) counts.push(`${o.extra.length} extra`);
  if (o.coveredByBroader.length > 0) counts.push(`${o.coveredByBroader.length} covered by broader`);
  if ((o.unknownStatus?.length ?? 0) > 0) counts.push(`${o.unknownStatus?.length} of unknown status`);
  const status = counts.length > 0 ? `${counts.join(', ')}${afterApply}` : `in sync${afterApply}`;
  const notes: string[] = [];
  if (o.plan && planHasChanges(o)) notes.push(`plan grants ${o.plan.toGrant.length}, revokes ${o.plan.toRevoke.length}`);
  if (o.issuerMismatches.length > 0) notes.push(`${o.issuerMismatches.length} issuer mismatch`);
  return `${escapeMarkdown(o.name)}: ${status}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

function orgSection(o: OrgDrift): string[] {
  const plan = o.source === 'plan';
  const app = o.app.label !== undefined ? `${code(o.app.id)} (${escapeMarkdown(o.app.label)})` : code(o.app.id);
  const lines = [
    `#### ${escapeMarkdown(o.name)}`,
    '',
    `${o.inSync ? 'In sync' : '**Drift**'}${plan ? ' after apply' : ''}: ${sourceLabel(o.source)} of app ${app}.`,
  ];

  const rows: string[] = [];
  for (const m of o.missing) {
    const effect = plan ? `**missing after apply**: ${MISSING_EFFECT}` : `**missing**: ${MISSING_EFFECT}`;
    rows.push(`| ${code(m.scope)}${riskTag(m.risk)} | ${needsCell(m.neededBy, m.reasons)} | ${effect} |`);
  }
  for (const c of o.coveredByBroader) {
    rows.push(`| ${code(c.scope)} | ${needsCell(c.neededBy, [])} | covered by ${code(c.coveredBy)} |`);
  }
  for (const e of o.extra) {
    const effect = e.breaksConnections
      ? `**extra connection default**: ${escapeMarkdown(extraDefaultEffect(e.breaksConnections))}`
      : plan
        ? `**extra after apply**: ${EXTRA_AFTER_APPLY_EFFECT}`
        : `**extra**: ${EXTRA_EFFECT}`;
    rows.push(`| ${code(e.scope)}${riskTag(e.risk)} | — | ${effect} |`);
  }
  for (const i of o.issuerMismatches) {
    rows.push(`| ${code(i.scope)} | — | granted under issuer ${code(i.issuer)}, not the org's |`);
  }
  for (const u of o.unknownStatus ?? []) {
    rows.push(`| ${code(u.scope)} | — | **unknown status** ${u.status === undefined ? '(none)' : code(u.status)}: ${escapeMarkdown(UNKNOWN_STATUS_EFFECT)} |`);
  }
  if (rows.length > 0) lines.push('', '| Scope | Needed by | Effect |', '| --- | --- | --- |', ...rows);

  if (o.plan) {
    const parts: string[] = [];
    if (o.plan.toGrant.length > 0) parts.push(`grants ${o.plan.toGrant.map(code).join(', ')}`);
    if (o.plan.toRevoke.length > 0) parts.push(`revokes ${o.plan.toRevoke.map(code).join(', ')}`);
    const changes = parts.length > 0 ? `The plan ${parts.join('; ')}.` : 'The plan changes no grant.';
    const covers = o.plan.coversDeclaration
      ? 'After apply the grants cover the declaration.'
      : 'After apply the grants do **not** cover the declaration.';
    const unsafe = planActionEffect(o.plan.action);
    lines.push('', `${unsafe ? `**The plan ${unsafe}.** ` : ''}${changes} ${covers}`);
    for (const r of o.plan.revokes ?? []) lines.push(`- ${code(r.scope)}: ${escapeMarkdown(revokedEffect(r))}`);
  }
  return lines;
}

/**
 * A pull-request comment: a one-line summary, then a section for each org that has drift, issuer
 * mismatches or plan changes. Fully in sync is the summary line alone.
 */
export function formatMarkdown(report: DriftReport, _ctx?: ReportContext): string {
  const sorted = sortReport(report);
  const errors = sorted.errors ?? [];
  const items = [...sorted.orgs.map(summaryItem), ...errors.map((e) => `${escapeMarkdown(e.org)}: **not compared** (error)`)];
  const summary = items.length > 0 ? items.join(' · ') : 'no orgs to compare';
  const blocks = [`**wf-scopes:** ${summary}`];
  for (const o of sorted.orgs) {
    if (!o.inSync || o.issuerMismatches.length > 0 || planHasChanges(o)) blocks.push(orgSection(o).join('\n'));
  }
  for (const e of errors) {
    const hint = e.hint ? ` ${escapeMarkdown(sentence(e.hint))}` : '';
    blocks.push(`#### ${escapeMarkdown(e.org)}\n\n**Error** (${code(e.code)}): not compared: ${escapeMarkdown(sentence(e.message))}${hint}`);
  }
  if (addsScopes(sorted)) blocks.push(`> **Reauthorize the connection.** ${REAUTHORIZE}`);
  return `${blocks.join('\n\n')}\n`;
}

/** ` · high risk` after the scope when the caller attached a risk level. */
function riskTag(risk: { level: string } | undefined): string {
  return risk ? ` · ${risk.level} risk` : '';
}
