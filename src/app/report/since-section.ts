import { htmlText as h, markdownCode, markdownText as md } from '../../util/escape';
import type { SinceOrg, SinceScope, SinceView } from './since-types';
import type { AccessReport } from './types';
import { FLOW_NOUN, fold, foldedText } from './fold';

/**
 * `report --since`: the page's "Since the previous review" block (what it was compared with, pinned,
 * and the orgs no longer declared) and, per org, the scopes added and removed since, with their risk
 * and flows. HTML and markdown say the same. Nothing is rendered without --since.
 */

const TITLE = 'Since the previous review';
const REMOVED_ORG =
  'no longer declared: no stack is synthesized for it, so no apply changes its grants; they stay granted until its stack is destroyed on purpose';
const ADDED = 'Added since: this declaration grants them, the previous review did not show them';
const REMOVED = 'Removed since: this declaration no longer grants them, so an apply revokes them';

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** `report.html (generated …, record SHA-256 … verified; from scopes.yaml SHA-256 …)`, as plain words. */
function compared(s: SinceView): { label: string; details: string[] } {
  const details = [
    ...(s.generatedAt !== undefined ? [`generated ${s.generatedAt}`] : []),
    `${s.pin.what} ${s.pin.value}${s.kind === 'report' ? ', verified' : ''}`,
    ...(s.declaration ? [`made from ${s.declaration.file} (SHA-256 ${s.declaration.sha256})`] : []),
  ];
  return { label: s.label, details };
}

function orgLead(o: SinceOrg, s: SinceView): string {
  if (o.status === 'new') return `Not in the previous review: its ${plural(o.added.length, 'scope')} ${o.added.length === 1 ? 'is' : 'are'} new to this review.`;
  if (o.added.length === 0 && o.removed.length === 0) return `No change: the same scopes as in ${s.label}.`;
  return `${plural(o.added.length, 'scope')} added, ${o.removed.length} removed since ${s.label}.`;
}

// ---- HTML ----------------------------------------------------------------------------------------

/** The flows of a scope, the first `foldAt` of them, the rest counted (with those a folded record only counts). */
function flowsOf(x: SinceScope, foldAt: number): { shown: readonly string[]; more?: string } {
  const { shown, more } = fold(x.flows, foldAt);
  const total = more + (x.moreFlows ?? 0);
  return total ? { shown, more: foldedText(total, FLOW_NOUN, Math.min(foldAt, shown.length), 'flows per scope') } : { shown };
}

function flowsHtml(x: SinceScope, foldAt: number): string {
  if (!x.flows.length && !x.moreFlows) return '<span class="note">no flow: extraScopes only</span>';
  const { shown, more } = flowsOf(x, foldAt);
  return [...shown, ...(more !== undefined ? [more] : [])].map((f) => h(f)).join(', ');
}

function tableHtml(cls: string, title: string, rows: SinceScope[], flowsTitle: string, foldAt: number): string {
  if (rows.length === 0) return '';
  const body = rows.map((x) => `<tr data-scope="${h(x.scope)}"><td><code>${h(x.scope)}</code></td><td><span class="chip r-${x.risk}">${x.risk}</span></td><td>${flowsHtml(x, foldAt)}</td></tr>`);
  return `<h4>${h(title)}</h4><table class="${cls}"><thead><tr><th>Scope</th><th>Risk</th><th>${h(flowsTitle)}</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** After the page's header: what the page is compared with, and the orgs no longer declared. */
export function sinceIntroHtml(r: AccessReport): string[] {
  const s = r.since;
  if (!s) return [];
  const c = compared(s);
  const out = [`<section class="since" id="since" aria-label="${TITLE}"><h2>${TITLE}</h2>`];
  out.push(`<p>Compared with <code>${h(c.label)}</code> (${c.details.map(h).join('; ')}). Each org below lists the scopes added and removed since.</p>`);
  for (const o of s.removedOrgs) {
    out.push(`<p class="callout since-removed-org" data-org="${h(o.name)}">Org <b>${h(o.name)}</b> (${plural(o.scopes.length, 'scope')} in the previous review) is ${h(REMOVED_ORG)}.</p>`);
  }
  out.push('</section>');
  return [out.join('')];
}

/** In an org's section, after its summary and before the details. */
export function sinceOrgHtml(r: AccessReport, name: string, i: number): string[] {
  const o = r.since?.orgs.find((x) => x.name === name);
  if (!r.since || !o) return [];
  const html = [
    `<div class="since-org" id="since-${i}" data-org="${h(o.name)}"><h3>${TITLE}</h3>`,
    `<p class="${o.added.length + o.removed.length === 0 ? 'note' : 'callout'}">${h(orgLead(o, r.since))}</p>`,
    tableHtml('since-added', ADDED, o.added, 'Flows that need it', r.foldAt),
    tableHtml('since-removed', REMOVED, o.removed, 'Flows that needed it', r.foldAt),
    '</div>',
  ];
  return [html.join('')];
}

// ---- markdown ------------------------------------------------------------------------------------

function flowsMarkdown(x: SinceScope, foldAt: number): string {
  if (!x.flows.length && !x.moreFlows) return 'no flow: extraScopes only';
  const { shown, more } = flowsOf(x, foldAt);
  return [...shown, ...(more !== undefined ? [more] : [])].map(md).join(', ');
}

function tableMarkdown(title: string, rows: SinceScope[], flowsTitle: string, foldAt: number): string[] {
  if (rows.length === 0) return [];
  return [
    `**${md(title)}:**`,
    '',
    `| Scope | Risk | ${flowsTitle} |`,
    '|---|---|---|',
    ...rows.map((x) => `| ${markdownCode(x.scope)} | **${x.risk}** | ${flowsMarkdown(x, foldAt)} |`),
    '',
  ];
}

export function sinceIntroMarkdown(r: AccessReport): string[] {
  const s = r.since;
  if (!s) return [];
  const c = compared(s);
  const out = [`## ${TITLE}`, '', `Compared with ${markdownCode(c.label, { inTable: false })} (${c.details.map(md).join('; ')}). Each org below lists the scopes added and removed since.`, ''];
  for (const o of s.removedOrgs) out.push(`> Org **${md(o.name)}** (${plural(o.scopes.length, 'scope')} in the previous review) is ${md(REMOVED_ORG)}.`, '');
  return out;
}

export function sinceOrgMarkdown(r: AccessReport, name: string): string[] {
  const o = r.since?.orgs.find((x) => x.name === name);
  if (!r.since || !o) return [];
  return [`### ${TITLE}`, '', md(orgLead(o, r.since)), '', ...tableMarkdown(ADDED, o.added, 'Flows that need it', r.foldAt), ...tableMarkdown(REMOVED, o.removed, 'Flows that needed it', r.foldAt)];
}
