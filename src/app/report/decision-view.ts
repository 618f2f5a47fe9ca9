import { applyItemNote } from '../../core/drift/apply-item';
import { extraDefaultEffect, sourceLabel, UNDECLARED_GRANT as UNDECLARED } from '../../core/wording';
import { htmlMessage, htmlText as h, markdownCode, markdownMessage, markdownText as md } from '../../util/escape';
import type { Tagger } from './controls-view';
import { decisionLead, leading, policyLine, type DecisionItem, type OrgDecision } from './decision';

/**
 * The decision block of one org (what the app holds, what approving grants and revokes, the policy
 * status) and the sign-off right under it, in HTML and markdown: the same facts, in the same order.
 */

/** Above this many items a list of the block shows the first ones and folds the rest (most important first). */
const SHOWN = 6;

/** A tag of the control a finding evidences (`--controls`), already markup; empty without the flag. */
export type ControlTag = Tagger;
const NO_TAG: ControlTag = () => '';

function itemHtml(x: DecisionItem): string {
  const note = applyItemNote(x);
  return `<li data-scope="${h(x.scope)}"${x.breaks ? ' class="conn-default"' : ''}><code>${h(x.scope)}</code> <span class="chip r-${x.risk}">${x.risk}</span>${note ? ` <span class="why">${h(note)}</span>` : ''}</li>`;
}

function listHtml(items: readonly DecisionItem[], none: string): string {
  if (items.length === 0) return `<p class="note">${h(none)}</p>`;
  const shown = `<ul class="ditems">${items.slice(0, SHOWN).map(itemHtml).join('')}</ul>`;
  if (items.length <= SHOWN) return shown;
  return `${shown}<details><summary>${items.length - SHOWN} more</summary><ul class="ditems">${items.slice(SHOWN).map(itemHtml).join('')}</ul></details>`;
}

function holdsHtml(d: OrgDecision, driftId: string): string {
  if (d.notChecked) {
    return d.notChecked.failed
      ? `<p class="st-missing">NOT CHECKED: the diff could not read this org (<a href="#${driftId}">see Drift</a>).</p>`
      : `<p>Not checked (${h(d.notChecked.why)}). Pass <code>--drift</code> with the output of <code>wf-scopes diff --format json</code>.</p><p>Declared: <b>${d.declared.count}</b> (${d.declared.high} high risk).</p>`;
  }
  const live = d.live!;
  const high = live.high.length
    ? live.high.map((x) => (x.declared ? `<code>${h(x.scope)}</code>` : `<span class="st-missing undeclared"><code>${h(x.scope)}</code> (${UNDECLARED})</span>`)).join(', ')
    : 'none';
  const unknown = live.unknown.length ? `<p class="st-missing">${live.unknown.length} grant${live.unknown.length === 1 ? '' : 's'} of unknown status: ${live.unknown.map((s) => `<code>${h(s)}</code>`).join(', ')}</p>` : '';
  return `<p><b class="live-count">${live.count}</b> granted (${h(sourceLabel(live.source))}) vs <b class="declared-count">${d.declared.count}</b> declared.</p><p>High risk held: ${high}</p>${unknown}`;
}

export function decisionHtml(d: OrgDecision, ids: { decision: string; drift: string }, tag: ControlTag = NO_TAG): string {
  const out = [`<section class="decision" id="${ids.decision}" aria-label="Decision">`, `<p class="lead"><b>${h(decisionLead(d))}</b></p>`];
  for (const x of leading(d).connectionDefaults) {
    out.push(`<p class="callout lead-item" role="alert"><b>Revokes the connection default <code>${h(x.scope)}</code></b>: ${h(extraDefaultEffect(x.breaks ?? []))}.</p>`);
  }
  out.push('<div class="dgrid">');
  out.push(`<div class="dcol holds"><h4>The app holds now${tag('holds')}</h4>${holdsHtml(d, ids.drift)}</div>`);
  if (d.apply) {
    out.push(`<div class="dcol adds"><h4>Approving grants (${d.apply.adds.length})${tag('adds')}</h4>${listHtml(d.apply.adds, 'Nothing.')}</div>`);
    out.push(`<div class="dcol revokes"><h4>Approving revokes (${d.apply.revokes.length})${tag('revokes')}</h4>${listHtml(d.apply.revokes, 'Nothing.')}</div>`);
  }
  const bad = d.policy.kind !== 'clean';
  out.push(`<div class="dcol policy${bad ? ' bad' : ' ok'}"><h4>Policy${tag('policy')}</h4><p${d.policy.kind === 'none' ? ' class="st-missing"' : ''}>${htmlMessage(policyLine(d.policy))}</p></div>`);
  out.push('</div></section>');
  out.push('<section class="signoff" aria-label="Review sign-off"><div>Reviewed by</div><div>Date</div><div>Decision (approve / revoke / follow up)</div></section>');
  return out.join('');
}

function itemMarkdown(x: DecisionItem): string {
  const note = applyItemNote(x);
  return `${markdownCode(x.scope, { inTable: false })} (${x.risk === 'high' ? '**high**' : x.risk}${note ? `, ${md(note)}` : ''})`;
}

function listMarkdown(items: readonly DecisionItem[]): string {
  return items.length ? items.map(itemMarkdown).join(', ') : 'nothing';
}

/** `tag` gives the control a finding evidences as markdown (` [SOC 2 CC6.3]`), or '' without --controls. */
export function decisionMarkdown(d: OrgDecision, tag: ControlTag = NO_TAG): string[] {
  const out = [`**${md(decisionLead(d))}**`, ''];
  for (const x of leading(d).connectionDefaults) out.push(`> **Revokes the connection default ${markdownCode(x.scope, { inTable: false })}**: ${md(extraDefaultEffect(x.breaks ?? []))}.`, '');
  let holds: string;
  if (d.notChecked) {
    holds = d.notChecked.failed ? '**NOT CHECKED**: the diff could not read this org (see Drift).' : `not checked (${md(d.notChecked.why)}); declared: ${d.declared.count} (${d.declared.high} high risk).`;
  } else {
    const live = d.live!;
    const high = live.high.length ? live.high.map((x) => (x.declared ? markdownCode(x.scope, { inTable: false }) : `**${markdownCode(x.scope, { inTable: false })} (${UNDECLARED})**`)).join(', ') : 'none';
    const unknown = live.unknown.length ? `; **${live.unknown.length} grant${live.unknown.length === 1 ? '' : 's'} of unknown status**: ${live.unknown.map((s) => markdownCode(s, { inTable: false })).join(', ')}` : '';
    holds = `${live.count} granted (${sourceLabel(live.source)}) vs ${d.declared.count} declared; high risk held: ${high}${unknown}.`;
  }
  out.push(`- **The app holds now${tag('holds')}:** ${holds}`);
  if (d.apply) {
    out.push(`- **Approving grants (${d.apply.adds.length})${tag('adds')}:** ${listMarkdown(d.apply.adds)}`);
    out.push(`- **Approving revokes (${d.apply.revokes.length})${tag('revokes')}:** ${listMarkdown(d.apply.revokes)}`);
  }
  const policy = markdownMessage(policyLine(d.policy), { inTable: false });
  out.push(`- **Policy${tag('policy')}:** ${d.policy.kind === 'none' ? `**${policy}**` : policy}`, '');
  out.push('**Sign-off:** Reviewed by: ________ · Date: ________ · Decision (approve / revoke / follow up): ________', '');
  return out;
}
