import { extraDefaultEffect, REAUTHORIZE } from '../../core/wording';
import { RISK_LEVELS, type RiskLevel } from '../../core/risk';
import { htmlMessage, htmlText as h } from '../../util/escape';
import { evidenceMeaning, isWeakEvidence, knownEvidenceLevels } from './evidence';
import { driftHeadline, riskCounts } from './headline';
import { controlsLegend, htmlTagger, type Tagger } from './controls-view';
import { decisionLead, extraFirst } from './decision';
import { MARK_MEANING, MARK_SIGN, matrixOf, type MatrixMark } from './matrix-model';
import { decisionHtml } from './decision-view';
import { CSP, CSS, SCRIPT } from './html-style';
import type { AccessReport, OrgAccess, OrgDriftView, PolicyException, ScopeAccess } from './types';
import { usageSectionHtml } from './usage-section';
import { recordFooterHtml, recordHeadHtml } from './since-record';
import { sinceIntroHtml, sinceOrgHtml } from './since-section';
import { CARD_NOUN, FLOW_NOUN, fold, foldedText, ROW_NOUN } from './fold';

/** Above this many flows a scope's "needed by" list is folded (it unfolds, and prints, in full). */
const FOLD_FLOWS = 8;

function riskChip(level: RiskLevel): string {
  return `<span class="chip r-${level}">${level}</span>`;
}

/** A card's level; its meaning is in the one legend (the footer), in the README's words. */
function evidenceTag(level: string): string {
  return `<span class="ev${isWeakEvidence(level) ? ' weak' : ''}">${h(level)}</span>`;
}

/** A scope counts under its weakest card (README): that is its badge; the strongest is its detail. */
function scopeEvidence(s: ScopeAccess): string {
  const best = s.strongestEvidence !== s.evidence ? `; its strongest card: ${s.strongestEvidence}` : '';
  const badge = `<span class="ev${isWeakEvidence(s.evidence) ? ' weak' : ''}" title="${h(`weakest card: ${s.evidence} (${evidenceMeaning(s.evidence).replace(/`/g, '')})${best}`)}">${h(s.evidence)}</span>`;
  return best ? `${badge}<div class="why ev-best">strongest: ${h(s.strongestEvidence)}</div>` : badge;
}

function exceptionLine(e: PolicyException): string {
  const expiry = e.expires === undefined ? 'no expiry' : e.status === 'expired' ? `<span class="st-expired">EXPIRED ${h(e.expires)}</span>` : `expires ${h(e.expires)}`;
  return `<div class="exc"><b>${h(e.rule)}</b> exception (${expiry}): ${h(e.reason)} <span class="mono folder">${h(e.at)}</span></div>`;
}

function statusCell(s: ScopeAccess): string {
  switch (s.status.kind) {
    case 'granted':
      return '<span class="st-granted">granted</span>';
    case 'missing':
      return '<span class="st-missing">MISSING</span>';
    case 'covered':
      return `<span class="st-covered">covered by</span> <code>${h(s.status.by)}</code>`;
    case 'not-checked':
      return '<span class="note">not checked</span>';
  }
}

function needsCell(s: ScopeAccess, foldAt: number): string {
  if (s.neededBy.length === 0) return '<span class="note">no card: extraScopes only</span>';
  const { shown, more } = fold(s.neededBy, foldAt);
  const items = shown.map(
    (f) =>
      `<li><b>${h(f.flow)}</b>${f.folder !== undefined ? ` <span class="folder">${h(f.folder)}</span>` : ''}: ${f.cards.map((c) => `${h(c.card)} ${evidenceTag(c.evidence)}`).join(', ')}</li>`,
  );
  if (more) items.push(`<li class="folded">${h(foldedText(more, FLOW_NOUN, foldAt, 'flows per scope'))}</li>`);
  const list = `<ul class="needs">${items.join('')}</ul>`;
  if (s.neededBy.length <= FOLD_FLOWS) return list;
  const first = s.neededBy.slice(0, 3).map((f) => h(f.flow)).join(', ');
  return `<details><summary>${s.neededBy.length} flows <span class="folder">(${first}, …)</span></summary>${list}</details>`;
}

function inventory(o: OrgAccess, withStatus: boolean, foldAt: number): string {
  const out: string[] = [];
  out.push(`<table class="inventory${withStatus ? ' with-status' : ''}"><colgroup><col class="c-scope"><col class="c-risk"><col class="c-ev"><col class="c-need"><col class="c-why">${withStatus ? '<col class="c-status">' : ''}</colgroup>`);
  out.push(`<thead><tr><th>Scope</th><th>Risk</th><th>Evidence</th><th>Needed by (flow: cards)</th><th>Reasons and exceptions</th>${withStatus ? '<th>Grant</th>' : ''}</tr></thead><tbody>`);
  for (const s of o.scopes) {
    const why: string[] = [];
    if (s.keptDefault) why.push(`<div><b>Connection default:</b> ${h(s.keptDefault)}</div>`);
    for (const r of s.reasons) why.push(`<div><b>extraScopes:</b> ${h(r)}</div>`);
    for (const e of s.exceptions) why.push(exceptionLine(e));
    const expired = s.exceptions.some((e) => e.status === 'expired');
    out.push(
      `<tr class="scope-row${expired ? ' expired' : ''}" data-scope="${h(s.scope)}" data-risk="${s.risk.level}">` +
        `<td><code>${h(s.scope)}</code>${s.description ? `<div class="desc">${h(s.description)}</div>` : ''}</td>` +
        `<td>${riskChip(s.risk.level)}<div class="why">${h(s.risk.rationale)}</div></td>` +
        `<td>${scopeEvidence(s)}</td>` +
        `<td>${needsCell(s, foldAt)}</td>` +
        `<td>${why.join('') || '<span class="note">—</span>'}</td>${withStatus ? `<td class="status">${statusCell(s)}</td>` : ''}</tr>`,
    );
  }
  if (o.scopes.length === 0) out.push(`<tr><td colspan="${withStatus ? 6 : 5}" class="note">No scope: no flow or extra scope applies to this org.</td></tr>`);
  out.push('</tbody></table>');
  return out.join('');
}

const LETTER: Record<RiskLevel, string> = { high: 'H', medium: 'M', low: 'L' };

function matrix(o: OrgAccess, foldAt: number): string {
  if (o.scopes.length === 0 || o.flows.length === 0) return '<p class="note">Nothing to show: no flow needs a scope in this org.</p>';
  const m = matrixOf(o, foldAt);
  const marked = (Object.keys(MARK_SIGN) as MatrixMark[]).filter((k) => m.columns.some((c) => c.mark === k));
  const out: string[] = [];
  out.push(
    `<p class="legend"><span>Rows: ${m.rowCount} flow${m.rowCount === 1 ? '' : 's'}; columns: ${m.columns.length} scope${m.columns.length === 1 ? '' : 's'}, most severe first.</span>` +
      RISK_LEVELS.map((l) => `<span><span class="chip r-${l}">${LETTER[l]}</span> the flow needs a ${l}-risk scope</span>`).join('') +
      marked.map((k) => `<span><b class="mk mk-${k}">${MARK_SIGN[k]}</b> ${h(MARK_MEANING[k])}</span>`).join('') +
      '</p>',
  );
  out.push('<div class="matrix-wrap" tabindex="0"><table class="matrix"><thead><tr><th class="corner">Flow \\ scope</th>');
  for (const c of m.columns) {
    const mark = c.mark ? `<b class="mk mk-${c.mark}">${MARK_SIGN[c.mark]}</b> ` : '';
    const why = c.mark ? `: ${MARK_MEANING[c.mark]}` : '';
    out.push(`<th class="scope r-${c.risk}${c.mark ? ` mark-${c.mark}` : ''}" scope="col" title="${h(c.scope)} (${c.risk} risk${why})"><div>${mark}${h(c.scope)}</div></th>`);
  }
  out.push('</tr></thead><tbody>');
  for (const f of m.rows) {
    out.push(`<tr><th scope="row">${h(f.flow)}${f.folder !== undefined ? `<span class="folder">${h(f.folder)}</span>` : ''}</th>`);
    for (const c of m.columns) {
      const cards = f.needs.get(c.scope);
      if (cards) out.push(`<td class="r-${c.risk}" title="${h(cards.join(', '))}">${LETTER[c.risk]}</td>`);
      else out.push('<td></td>');
    }
    out.push('</tr>');
  }
  if (m.rowCount > m.rows.length) {
    const more = foldedText(m.rowCount - m.rows.length, ROW_NOUN, foldAt, 'rows per matrix');
    out.push(`<tr class="folded"><th scope="row" colspan="${m.columns.length + 1}">${h(more)}</th></tr>`);
  }
  if (m.extraScopes) {
    out.push('<tr class="extras"><th scope="row">extraScopes (granted with a reason)</th>');
    const reasons = new Map(o.scopes.map((s) => [s.scope, s.reasons]));
    for (const c of m.columns) {
      const r = reasons.get(c.scope) ?? [];
      out.push(r.length ? `<td class="r-${c.risk}" title="${h(r.join('; '))}">${LETTER[c.risk]}</td>` : '<td></td>');
    }
    out.push('</tr>');
  }
  if (m.cardlessCount) {
    const more = m.cardlessCount > m.cardless.length ? `, ${h(foldedText(m.cardlessCount - m.cardless.length, FLOW_NOUN, foldAt, 'flows per line'))}` : '';
    out.push(`<tr class="cardless"><th scope="row" colspan="${m.columns.length + 1}">${m.cardlessCount} flow${m.cardlessCount === 1 ? ' needs' : 's need'} no scope: ${m.cardless.map(h).join(', ')}${more}</th></tr>`);
  }
  out.push('</tbody></table></div>');
  return out.join('');
}

function driftSection(d: OrgDriftView, tag: Tagger, foldAt: number): string {
  if (d.kind === 'not-checked' && d.failed) {
    return `<div class="callout drift-failed" role="alert"><b>Not checked: the diff could not read this org</b> (<code>${h(d.failed.code)}</code>): ${h(d.failed.message)}${d.failed.hint !== undefined ? ` <span class="why">${h(d.failed.hint)}</span>` : ''}<br>Its grants are unknown: nothing in this report says what the org holds today. Fix the cause and rerun <code>wf-scopes diff --format json</code>.</div>`;
  }
  if (d.kind === 'not-checked') {
    return `<p class="callout info">Drift: <b>not checked</b> (${h(d.why)}). This report shows what the declaration grants, not what the org holds today. Pass <code>--drift</code> with the output of <code>wf-scopes diff --format json</code>.</p>`;
  }
  const out: string[] = [];
  out.push(
    `<p class="callout${d.inSync ? ' ok' : ''}">${h(driftHeadline(d))}. App <code>${h(d.app.id)}</code>${d.app.label !== undefined ? ` (${h(d.app.label)})` : ''}.</p>`,
  );
  if (d.unknown.length > 0) {
    out.push(
      `<div class="callout drift-unknown" role="alert"><b>${d.unknown.length} grant${d.unknown.length === 1 ? '' : 's'} of unknown status</b> (neither ACTIVE nor REVOKED: each may be in force, so what the org holds is unknown):<ul>${d.unknown.map((u) => `<li><code>${h(u.scope)}</code> status <code>${h(u.status)}</code></li>`).join('')}</ul></div>`,
    );
  }
  out.push(`<h4 id="missing">Missing: granted by the declaration but not by the org${tag('adds')}</h4>`);
  if (d.missing.length === 0) out.push('<p class="note">None.</p>');
  else {
    out.push('<table class="drift-missing"><colgroup><col class="c-s"><col class="c-r"><col><col></colgroup><thead><tr><th>Scope</th><th>Risk</th><th>Cards that fail with 403 insufficient_scope</th><th>Reasons</th></tr></thead><tbody>');
    for (const m of d.missing) {
      const { shown, more } = fold(m.failing, foldAt);
      const folded = more ? `<li class="folded">${h(foldedText(more, CARD_NOUN, foldAt, 'cards per scope'))}</li>` : '';
      out.push(
        `<tr data-scope="${h(m.scope)}"><td><code>${h(m.scope)}</code></td><td>${riskChip(m.risk)}</td><td>${m.failing.length ? `<ul class="needs">${shown.map((x) => `<li>${h(x)}</li>`).join('')}${folded}</ul>` : '<span class="note">no card (extraScopes)</span>'}</td><td>${m.reasons.map((r) => `<div>${h(r)}</div>`).join('') || '—'}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (d.covered.length > 0) {
    out.push('<h4>Covered by a broader scope: no 403 expected, but an apply adds them</h4><table class="drift-covered"><colgroup><col class="c-s"><col></colgroup><thead><tr><th>Scope</th><th>Held through</th></tr></thead><tbody>');
    for (const c of d.covered) out.push(`<tr data-scope="${h(c.scope)}"><td><code>${h(c.scope)}</code></td><td><code>${h(c.coveredBy)}</code></td></tr>`);
    out.push('</tbody></table>');
  }
  out.push(`<h4>Extra: granted by the org but not declared (an apply of the generated stack revokes them)${tag('revokes')}</h4>`);
  if (d.extra.length === 0) out.push('<p class="note">None.</p>');
  else {
    out.push('<table class="drift-extra"><colgroup><col class="c-s"><col class="c-r"><col></colgroup><thead><tr><th>Scope</th><th>Risk</th><th>Why it matters</th></tr></thead><tbody>');
    // A connection default leads: revoking it breaks a connection, whatever its risk level says.
    for (const e of extraFirst(d.extra)) {
      const why = e.breaksConnections ? `<b class="st-missing">Connection default:</b> ${h(extraDefaultEffect(e.breaksConnections))}` : h(e.rationale);
      out.push(`<tr data-scope="${h(e.scope)}"${e.breaksConnections ? ' class="conn-default"' : ''}><td><code>${h(e.scope)}</code></td><td>${riskChip(e.risk)}</td><td>${why}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (d.issuerMismatches.length > 0) {
    out.push('<h4>Grants under another issuer</h4><ul>');
    for (const m of d.issuerMismatches) out.push(`<li><code>${h(m.scope)}</code> issued by <code>${h(m.issuer)}</code></li>`);
    out.push('</ul>');
  }
  if (d.plan) {
    out.push(
      `<h4>Terraform plan</h4><p>Grants ${d.plan.toGrant.length ? d.plan.toGrant.map((s) => `<code>${h(s)}</code>`).join(', ') : 'nothing'}; revokes ${d.plan.toRevoke.length ? d.plan.toRevoke.map((s) => `<code>${h(s)}</code>`).join(', ') : 'nothing'}. ${d.plan.coversDeclaration ? 'After the apply the app holds every declared scope.' : '<span class="st-missing">After the apply the app still lacks declared scopes.</span>'}</p>`,
    );
  }
  if (d.missing.length > 0) out.push(`<p class="note">${h(REAUTHORIZE)}</p>`);
  return out.join('');
}

function policySection(o: OrgAccess): string {
  const p = o.policy;
  if (!p.declared) return '<p class="note">scopes.yaml declares no policy section: no scope is denied and no exception is in force.</p>';
  const out: string[] = [];
  if (p.violations.length === 0) out.push('<p class="callout ok">No policy violation.</p>');
  else {
    out.push(`<div class="callout"><b>${p.violations.length} policy violation${p.violations.length === 1 ? '' : 's'}</b> (<code>wf-scopes check</code> and <code>cdktf synth</code> fail on them):<ul>`);
    for (const v of p.violations) out.push(`<li class="violation"><b>${h(v.rule)}</b>: ${h(v.message)} <span class="mono folder">${h(v.at)}</span></li>`);
    out.push('</ul></div>');
  }
  if (p.exceptions.length === 0) out.push('<p class="note">No exception (suppression) is declared.</p>');
  else {
    out.push('<table class="exceptions"><colgroup><col class="c-rule"><col class="c-cov"><col><col class="c-exp"><col class="c-st"><col class="c-at"></colgroup><thead><tr><th>Rule</th><th>Covers</th><th>Reason</th><th>Expires</th><th>Status</th><th>Declared at</th></tr></thead><tbody>');
    for (const e of p.exceptions) {
      const status = e.status === 'expired' ? '<span class="st-expired">EXPIRED</span>' : `<span class="st-active">active</span>${e.covers === 0 ? ' <span class="note">(matches nothing here)</span>' : ` (${e.covers} finding${e.covers === 1 ? '' : 's'})`}`;
      out.push(
        `<tr class="exception${e.status === 'expired' ? ' expired' : ''}"><td>${h(e.rule)}</td><td>${h(e.target)}</td><td>${h(e.reason)}</td><td>${e.expires !== undefined ? h(e.expires) : '<span class="note">never</span>'}</td><td>${status}</td><td class="mono">${h(e.at)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  return out.join('');
}

function tiles(o: OrgAccess, i: number): string {
  const t = o.totals;
  const d = o.drift;
  const live = o.decision.live;
  const driftTile =
    d.kind === 'not-checked'
      ? d.failed
        ? `<a class="tile bad drift-tile" href="#drift-${i}"><b>NOT CHECKED</b><span>the diff could not read this org</span></a>`
        : `<a class="tile warn drift-tile" href="#drift-${i}"><b>not checked</b><span>drift</span></a>`
      : `<a class="tile ${d.inSync ? 'good' : 'bad'} drift-tile" href="#drift-${i}"><b>${d.inSync ? 'in sync' : d.unknown.length ? 'UNKNOWN' : 'DRIFT'}</b><span>${d.missing.length} missing · ${d.extra.length} extra${d.unknown.length ? ` · ${d.unknown.length} unknown` : ''}</span></a>`;
  const expired = o.policy.exceptions.filter((e) => e.status === 'expired').length;
  const policyTile = !o.policy.declared
    ? '<div class="tile bad policy-tile"><b>NO POLICY</b><span>nothing denied: add one</span></div>'
    : `<div class="tile ${o.policy.violations.length ? 'bad' : 'good'} policy-tile"><b>${o.policy.violations.length} violation${o.policy.violations.length === 1 ? '' : 's'}</b><span>${o.policy.exceptions.length} exception${o.policy.exceptions.length === 1 ? '' : 's'}${expired ? `, ${expired} expired` : ''}</span></div>`;
  const liveTile = live
    ? `<div class="tile live-tile"><b>${live.count} / ${t.scopes}</b><span>granted now / declared</span></div>`
    : `<div class="tile warn live-tile"><b>? / ${t.scopes}</b><span>granted now (not checked) / declared</span></div>`;
  // A high-risk grant the declaration does not hold is the over-grant a reviewer must see.
  const undeclaredHigh = live ? live.high.filter((x) => !x.declared).length : 0;
  const highTile = live
    ? `<div class="tile${undeclaredHigh ? ' bad' : ''} high-tile"><b>${live.high.length}</b><span>high risk granted now${undeclaredHigh ? `, ${undeclaredHigh} undeclared` : ''}</span></div>`
    : '';
  return (
    '<div class="tiles">' +
    liveTile +
    highTile +
    `<div class="tile totals-scopes"><b>${t.scopes}</b><span>declared: ${RISK_LEVELS.map((l) => `<span class="chip r-${l}">${t.byRisk[l]} ${l}</span>`).join(' ')}</span></div>` +
    `<div class="tile"><b>${t.flows}</b><span>flows</span></div>` +
    `<div class="tile"><b>${t.cards}</b><span>distinct cards</span></div>` +
    driftTile +
    policyTile +
    '</div>'
  );
}

function orgSection(r: AccessReport, o: OrgAccess, i: number, tag: Tagger): string {
  const app = o.app.id !== undefined ? `<code>${h(o.app.id)}</code> (${h(o.app.label)})` : `labelled “${h(o.app.label)}” (found by label)`;
  return [
    `<section class="org" id="org-${i}" data-org="${h(o.name)}">`,
    `<div class="org-head"><h2>${h(o.name)}</h2><span class="issuer mono">${h(o.issuer)}</span></div>`,
    `<p class="headline">${h(o.name)} · issuer ${h(o.issuer)} · app ${app} · generated ${h(r.generatedAt)} · ${o.totals.scopes} scopes (${h(riskCounts(o.totals.byRisk))}) · ${o.totals.flows} flows · ${o.totals.cards} cards · drift: ${h(driftHeadline(o.drift))}</p>`,
    decisionHtml(o.decision, { decision: `decision-${i}`, drift: `drift-${i}` }, tag),
    tiles(o, i),
    ...sinceOrgHtml(r, o.name, i),
    `<h3>Scope inventory${tag('inventory')}</h3>`,
    `<p class="legend">Every scope the Terraform stack grants the app for this org, most severe first. An apply grants exactly these and revokes every other grant.</p>`,
    inventory(o, o.drift.kind === 'checked', r.foldAt),
    `<h3 id="matrix-${i}">Scopes × flows</h3>`,
    matrix(o, r.foldAt),
    `<h3 id="drift-${i}">Drift</h3>`,
    driftSection(o.drift, tag, r.foldAt),
    `<h3>Policy exceptions and violations${tag('policy')}</h3>`,
    policySection(o),
    '</section>',
  ].join('\n');
}

/** One self-contained page: inline CSS, a one-line inline script, no request of any kind. */
export function renderHtml(r: AccessReport): string {
  const names = r.orgs.map((o) => o.name).join(', ');
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="wf-scopes ${h(r.toolVersion)}">`,
    `<title>Okta Workflows OAuth access review: ${h(names)} (${h(r.generatedAt)})</title>`,
    `<style>${CSS}</style>`,
    `<script>${SCRIPT}</script>`,
    recordHeadHtml(r),
    '</head>',
    '<body><main>',
    '<header>',
    '<h1>Okta Workflows OAuth: access review</h1>',
    `<p class="meta">Generated <time datetime="${h(r.generatedAt)}">${h(r.generatedAt)}</time> by wf-scopes ${h(r.toolVersion)} from <code>${h(r.declaration.file)}</code> (SHA-256 <code>${h(r.declaration.sha256)}</code>)` +
      (r.drift ? ` and the drift result <code>${h(r.drift.file)}</code> (SHA-256 <code>${h(r.drift.sha256)}</code>)` : '') +
      (r.usage ? ` and the usage result <code>${h(r.usage.file)}</code> (SHA-256 <code>${h(r.usage.sha256)}</code>)` : '') +
      `. Exceptions are judged as of ${h(r.today)}.</p>`,
  ];
  // Every org's decision in one line, so a page of several orgs still leads with what approving changes.
  if (r.orgs.length > 1) out.push(`<nav class="toc" aria-label="Orgs"><ul>${r.orgs.map((o, i) => `<li><a href="#decision-${i}">${h(o.name)}</a> ${h(decisionLead(o.decision))}</li>`).join('')}</ul></nav>`);
  out.push('</header>', ...sinceIntroHtml(r));
  const tag = htmlTagger(r.controls);
  r.orgs.forEach((o, i) => out.push(orgSection(r, o, i, tag)));
  if (r.usage) out.push(usageSectionHtml(r.usage.evidence, r.usage.file, r.orgs.map((o) => o.name)));
  out.push(
    '<footer><dl>',
    `<dt>Risk</dt><dd>${RISK_LEVELS.map((l) => riskChip(l)).join(' ')} from <code>data/risk.yaml</code>: the first matching rule decides, its rationale is shown beside each scope.</dd>`,
    `<dt>Evidence</dt><dd><ul class="legend-ev" id="evidence-legend">${knownEvidenceLevels().map((l) => `<li data-level="${h(l)}">${evidenceTag(l)} ${htmlMessage(evidenceMeaning(l))}</li>`).join('')}</ul>A scope counts under its weakest card.</dd>`,
    ...(r.controls ? [`<dt>Controls</dt><dd class="controls-legend">Each finding is tagged with the ${h(r.controls.name)} control it evidences (<code>data/controls.yaml</code>): ${h(controlsLegend(r.controls))}.</dd>`] : []),
    recordFooterHtml(r),
    '<dt>Grants</dt><dd>The Terraform resource <code>okta_app_oauth_api_scope</code> is authoritative: an apply grants the scopes listed here and revokes every other grant of the app. Default OIDC scopes are granted with the connection and are not listed.</dd>',
    '</dl></footer>',
    '</main></body></html>',
  );
  return `${out.join('\n')}\n`;
}
