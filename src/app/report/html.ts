import { createHash } from 'node:crypto';
import { REAUTHORIZE } from '../../core/wording';
import { RISK_LEVELS, type RiskLevel } from '../../core/risk';
import { htmlText as h } from '../../util/escape';
import { evidenceMeaning, isWeakEvidence, knownEvidenceLevels } from './evidence';
import { driftHeadline, riskCounts, type AccessReport, type OrgAccess, type OrgDriftView, type PolicyException, type ScopeAccess } from './model';
import { usageSectionHtml } from './usage-section';

/** Above this many flows a scope's "needed by" list is folded (it unfolds, and prints, in full). */
const FOLD_FLOWS = 8;

const CSS = `
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dde5;--bg:#f6f7f9;--high:#b42318;--high-bg:#fde3e1;--medium:#93370d;--medium-bg:#fdefc8;--low:#05603a;--low-bg:#d5f5e3;--ok:#05603a;--warn:#93370d;--bad:#b42318;--accent:#2a4a8b}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
main{max-width:1240px;margin:0 auto;padding:20px 20px 40px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:19px;margin:0}
h3{font-size:15px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.meta{color:var(--muted);margin:0}
.meta code{color:var(--ink)}
nav.toc{margin:12px 0 0}
nav.toc a{margin-right:14px}
a{color:var(--accent)}
section.org{background:#fff;border:1px solid var(--line);border-radius:8px;margin:18px 0;padding:18px 20px}
.org-head{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:baseline}
.org-head .issuer{color:var(--muted)}
.headline{color:var(--muted);font-size:13px;margin:6px 0 0}
.signoff{display:grid;grid-template-columns:repeat(3,1fr);gap:18px;margin:18px 0 0;padding:14px 20px;background:#fff;border:1px solid var(--line);border-radius:8px}
.signoff div{border-bottom:1px solid var(--ink);padding-top:26px;color:var(--muted);font-size:12px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 4px}
.tile{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px;background:#fbfcfd}
.tile b{display:block;font-size:20px;line-height:1.2}
.tile span{color:var(--muted);font-size:12px}
.tile.bad{border-color:var(--bad);background:#fff5f4}
.tile.good{border-color:var(--ok);background:#f3fbf6}
.tile.warn{border-color:var(--warn);background:#fffaeb}
.chip{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;font-weight:600;white-space:nowrap}
.r-high{color:var(--high);background:var(--high-bg)}
.r-medium{color:var(--medium);background:var(--medium-bg)}
.r-low{color:var(--low);background:var(--low-bg)}
.ev{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:0 5px;font-size:11.5px;color:var(--muted);white-space:nowrap}
.ev.weak{border-color:var(--warn);color:var(--warn)}
.st-missing,.st-expired,.st-violation{color:var(--bad);font-weight:600}
.st-covered{color:var(--warn);font-weight:600}
.st-granted,.st-active{color:var(--ok)}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{background:#eef0f4;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
col.c-scope{width:22%}
col.c-risk{width:19%}
col.c-ev{width:8.5%}
col.c-need{width:32%}
col.c-why{width:18.5%}
table.with-status col.c-need{width:28%}
table.with-status col.c-why{width:14%}
col.c-status{width:8.5%}
col.c-s{width:26%}
col.c-r{width:10%}
col.c-rule{width:11%}
col.c-cov{width:20%}
col.c-exp{width:10%}
col.c-st{width:13%}
col.c-at{width:16%}
.desc{color:var(--muted);font-size:12.5px}
.why{color:var(--muted);font-size:12.5px}
ul.needs{margin:0;padding-left:16px}
ul.needs li{margin:1px 0}
.folder{color:var(--muted);font-size:12px}
details>summary{cursor:pointer;color:var(--accent)}
.exc{margin-top:4px;font-size:12.5px}
tr.expired td{background:#fff1f0}
.note{color:var(--muted);font-style:italic}
.callout{border-left:4px solid var(--bad);background:#fff5f4;padding:8px 12px;margin:8px 0}
.callout.ok{border-color:var(--ok);background:#f3fbf6}
.callout.info{border-color:var(--accent);background:#f2f5fb}
.matrix-wrap{overflow:auto;max-height:70vh;width:fit-content;max-width:100%;border:1px solid var(--line);border-radius:6px;background:#fff}
table.matrix{width:auto;border-collapse:separate;border-spacing:0}
table.matrix th,table.matrix td{border-bottom:1px solid var(--line);border-right:1px solid #eef0f4;padding:0}
table.matrix thead th{position:sticky;top:0;z-index:2;background:#eef0f4;text-transform:none;letter-spacing:0;vertical-align:bottom}
table.matrix thead th.corner{left:0;z-index:3;min-width:260px;max-width:260px;padding:6px 8px;font-size:12px}
table.matrix thead th.scope div{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;padding:6px 0;margin:0 auto;max-height:330px;overflow:hidden;text-overflow:ellipsis;font-weight:600;font-size:11.5px;color:var(--ink)}
table.matrix thead th.scope{min-width:28px;width:28px;border-top:4px solid transparent}
table.matrix thead th.scope.r-high{border-top-color:var(--high)}
table.matrix thead th.scope.r-medium{border-top-color:var(--medium)}
table.matrix thead th.scope.r-low{border-top-color:var(--low)}
table.matrix tbody th{position:sticky;left:0;z-index:1;background:#fff;min-width:260px;max-width:260px;padding:3px 8px;font-weight:500;font-size:13px;overflow-wrap:anywhere}
table.matrix tbody th .folder{display:block;font-weight:400;font-size:11px}
table.matrix td{text-align:center;vertical-align:middle;font-size:11px;font-weight:700;height:24px}
table.matrix td.r-high,table.matrix td.r-medium,table.matrix td.r-low{cursor:default}
table.matrix tbody tr:hover th,table.matrix tbody tr:hover td:not([class]){background:#f2f5fb}
table.matrix tr.extras th{font-style:italic}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;color:var(--muted);font-size:12.5px;margin:6px 0}
footer{color:var(--muted);font-size:12.5px;margin-top:24px}
footer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
footer dd{margin:0}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{background:#fff;font-size:11px}
  main{max-width:none;padding:0}
  section.org{break-before:page;border:none;padding:0}
  section.org:first-of-type{break-before:auto}
  .matrix-wrap{overflow:visible;max-height:none;border:none}
  table.matrix thead th,table.matrix tbody th{position:static}
  tr{break-inside:avoid}
  nav.toc{display:none}
}
`;

/** Unfolds every folded list before printing, so a PDF holds the full evidence. */
const SCRIPT = `addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * No network, ever, and no script but ours: the policy allows only the inline style and script
 * below (by hash), so even a string that escaped escaping could not load or run anything.
 */
const CSP = `default-src 'none'; style-src 'sha256-${sha256Base64(CSS)}'; script-src 'sha256-${sha256Base64(SCRIPT)}'; img-src 'none'; base-uri 'none'; form-action 'none'`;

function riskChip(level: RiskLevel): string {
  return `<span class="chip r-${level}">${level}</span>`;
}

/** With `explain`, the tag carries its meaning as a tooltip; per-card tags leave it to the legend (size). */
function evidenceTag(level: string, explain = false): string {
  return `<span class="ev${isWeakEvidence(level) ? ' weak' : ''}"${explain ? ` title="${h(evidenceMeaning(level))}"` : ''}>${h(level)}</span>`;
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

function needsCell(s: ScopeAccess): string {
  if (s.neededBy.length === 0) return '<span class="note">no card: extraScopes only</span>';
  const items = s.neededBy.map(
    (f) =>
      `<li><b>${h(f.flow)}</b>${f.folder !== undefined ? ` <span class="folder">${h(f.folder)}</span>` : ''}: ${f.cards.map((c) => `${h(c.card)} ${evidenceTag(c.evidence)}`).join(', ')}</li>`,
  );
  const list = `<ul class="needs">${items.join('')}</ul>`;
  if (s.neededBy.length <= FOLD_FLOWS) return list;
  const first = s.neededBy.slice(0, 3).map((f) => h(f.flow)).join(', ');
  return `<details><summary>${s.neededBy.length} flows <span class="folder">(${first}, …)</span></summary>${list}</details>`;
}

function inventory(o: OrgAccess, withStatus: boolean): string {
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
        `<td>${evidenceTag(s.evidence, true)}</td>` +
        `<td>${needsCell(s)}</td>` +
        `<td>${why.join('') || '<span class="note">—</span>'}</td>${withStatus ? `<td class="status">${statusCell(s)}</td>` : ''}</tr>`,
    );
  }
  if (o.scopes.length === 0) out.push(`<tr><td colspan="${withStatus ? 6 : 5}" class="note">No scope: no flow or extra scope applies to this org.</td></tr>`);
  out.push('</tbody></table>');
  return out.join('');
}

const LETTER: Record<RiskLevel, string> = { high: 'H', medium: 'M', low: 'L' };

function matrix(o: OrgAccess): string {
  if (o.scopes.length === 0 || o.flows.length === 0) return '<p class="note">Nothing to show: no flow needs a scope in this org.</p>';
  const out: string[] = [];
  out.push(
    `<p class="legend"><span>Rows: ${o.flows.length} flow${o.flows.length === 1 ? '' : 's'}; columns: ${o.scopes.length} scope${o.scopes.length === 1 ? '' : 's'}, most severe first.</span>` +
      RISK_LEVELS.map((l) => `<span><span class="chip r-${l}">${LETTER[l]}</span> the flow needs a ${l}-risk scope</span>`).join('') +
      '</p>',
  );
  out.push('<div class="matrix-wrap" tabindex="0"><table class="matrix"><thead><tr><th class="corner">Flow \\ scope</th>');
  for (const s of o.scopes) out.push(`<th class="scope r-${s.risk.level}" scope="col" title="${h(s.scope)} (${s.risk.level} risk)"><div>${h(s.scope)}</div></th>`);
  out.push('</tr></thead><tbody>');
  for (const f of o.flows) {
    out.push(`<tr><th scope="row">${h(f.flow)}${f.folder !== undefined ? `<span class="folder">${h(f.folder)}</span>` : ''}</th>`);
    for (const s of o.scopes) {
      const cards = f.needs.get(s.scope);
      if (cards) out.push(`<td class="r-${s.risk.level}" title="${h(cards.join(', '))}">${LETTER[s.risk.level]}</td>`);
      else out.push('<td></td>');
    }
    out.push('</tr>');
  }
  if (o.scopes.some((s) => s.reasons.length > 0)) {
    out.push('<tr class="extras"><th scope="row">extraScopes (granted with a reason)</th>');
    for (const s of o.scopes) out.push(s.reasons.length ? `<td class="r-${s.risk.level}" title="${h(s.reasons.join('; '))}">${LETTER[s.risk.level]}</td>` : '<td></td>');
    out.push('</tr>');
  }
  out.push('</tbody></table></div>');
  return out.join('');
}

function driftSection(d: OrgDriftView): string {
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
  out.push('<h4 id="missing">Missing: granted by the declaration but not by the org</h4>');
  if (d.missing.length === 0) out.push('<p class="note">None.</p>');
  else {
    out.push('<table class="drift-missing"><colgroup><col class="c-s"><col class="c-r"><col><col></colgroup><thead><tr><th>Scope</th><th>Risk</th><th>Cards that fail with 403 insufficient_scope</th><th>Reasons</th></tr></thead><tbody>');
    for (const m of d.missing) {
      out.push(
        `<tr data-scope="${h(m.scope)}"><td><code>${h(m.scope)}</code></td><td>${riskChip(m.risk)}</td><td>${m.failing.length ? `<ul class="needs">${m.failing.map((x) => `<li>${h(x)}</li>`).join('')}</ul>` : '<span class="note">no card (extraScopes)</span>'}</td><td>${m.reasons.map((r) => `<div>${h(r)}</div>`).join('') || '—'}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (d.covered.length > 0) {
    out.push('<h4>Covered by a broader scope: no 403 expected, but an apply adds them</h4><table class="drift-covered"><colgroup><col class="c-s"><col></colgroup><thead><tr><th>Scope</th><th>Held through</th></tr></thead><tbody>');
    for (const c of d.covered) out.push(`<tr data-scope="${h(c.scope)}"><td><code>${h(c.scope)}</code></td><td><code>${h(c.coveredBy)}</code></td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('<h4>Extra: granted by the org but not declared (an apply of the generated stack revokes them)</h4>');
  if (d.extra.length === 0) out.push('<p class="note">None.</p>');
  else {
    out.push('<table class="drift-extra"><colgroup><col class="c-s"><col class="c-r"><col></colgroup><thead><tr><th>Scope</th><th>Risk</th><th>Why it matters</th></tr></thead><tbody>');
    for (const e of d.extra) out.push(`<tr data-scope="${h(e.scope)}"><td><code>${h(e.scope)}</code></td><td>${riskChip(e.risk)}</td><td>${h(e.rationale)}</td></tr>`);
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

function tiles(o: OrgAccess): string {
  const t = o.totals;
  const d = o.drift;
  const driftTile =
    d.kind === 'not-checked'
      ? d.failed
        ? '<div class="tile bad drift-tile"><b>NOT CHECKED</b><span>the diff could not read this org</span></div>'
        : '<div class="tile warn drift-tile"><b>not checked</b><span>drift</span></div>'
      : `<div class="tile ${d.inSync ? 'good' : 'bad'} drift-tile"><b>${d.inSync ? 'in sync' : d.unknown.length ? 'UNKNOWN' : 'DRIFT'}</b><span>${d.missing.length} missing · ${d.extra.length} extra${d.unknown.length ? ` · ${d.unknown.length} unknown` : ''}</span></div>`;
  const expired = o.policy.exceptions.filter((e) => e.status === 'expired').length;
  const policyTile = !o.policy.declared
    ? '<div class="tile"><b>no policy</b><span>nothing denied</span></div>'
    : `<div class="tile ${o.policy.violations.length ? 'bad' : 'good'}"><b>${o.policy.violations.length} violation${o.policy.violations.length === 1 ? '' : 's'}</b><span>${o.policy.exceptions.length} exception${o.policy.exceptions.length === 1 ? '' : 's'}${expired ? `, ${expired} expired` : ''}</span></div>`;
  return (
    '<div class="tiles">' +
    `<div class="tile totals-scopes"><b>${t.scopes}</b><span>scopes: ${RISK_LEVELS.map((l) => `<span class="chip r-${l}">${t.byRisk[l]} ${l}</span>`).join(' ')}</span></div>` +
    `<div class="tile"><b>${t.flows}</b><span>flows</span></div>` +
    `<div class="tile"><b>${t.cards}</b><span>distinct cards</span></div>` +
    driftTile +
    policyTile +
    '</div>'
  );
}

function orgSection(r: AccessReport, o: OrgAccess, i: number): string {
  const app = o.app.id !== undefined ? `<code>${h(o.app.id)}</code> (${h(o.app.label)})` : `labelled “${h(o.app.label)}” (found by label)`;
  return [
    `<section class="org" id="org-${i}" data-org="${h(o.name)}">`,
    `<div class="org-head"><h2>${h(o.name)}</h2><span class="issuer mono">${h(o.issuer)}</span></div>`,
    `<p class="headline">${h(o.name)} · issuer ${h(o.issuer)} · app ${app} · generated ${h(r.generatedAt)} · ${o.totals.scopes} scopes (${h(riskCounts(o.totals.byRisk))}) · ${o.totals.flows} flows · ${o.totals.cards} cards · drift: ${h(driftHeadline(o.drift))}</p>`,
    tiles(o),
    '<h3>Scope inventory</h3>',
    `<p class="legend">Every scope the Terraform stack grants the app for this org, most severe first. An apply grants exactly these and revokes every other grant.</p>`,
    inventory(o, o.drift.kind === 'checked'),
    `<h3 id="matrix-${i}">Scopes × flows</h3>`,
    matrix(o),
    `<h3 id="drift-${i}">Drift</h3>`,
    driftSection(o.drift),
    '<h3>Policy exceptions and violations</h3>',
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
    '</head>',
    '<body><main>',
    '<header>',
    '<h1>Okta Workflows OAuth: access review</h1>',
    `<p class="meta">Generated <time datetime="${h(r.generatedAt)}">${h(r.generatedAt)}</time> by wf-scopes ${h(r.toolVersion)} from <code>${h(r.declaration.file)}</code> (SHA-256 <code>${h(r.declaration.sha256)}</code>)` +
      (r.drift ? ` and the drift result <code>${h(r.drift.file)}</code> (SHA-256 <code>${h(r.drift.sha256)}</code>)` : '') +
      (r.usage ? ` and the usage result <code>${h(r.usage.file)}</code> (SHA-256 <code>${h(r.usage.sha256)}</code>)` : '') +
      `. Exceptions are judged as of ${h(r.today)}.</p>`,
  ];
  if (r.orgs.length > 1) out.push(`<nav class="toc">Orgs: ${r.orgs.map((o, i) => `<a href="#org-${i}">${h(o.name)}</a>`).join('')}</nav>`);
  out.push('</header>');
  r.orgs.forEach((o, i) => out.push(orgSection(r, o, i)));
  if (r.usage) out.push(usageSectionHtml(r.usage.evidence, r.orgs.map((o) => o.name)));
  out.push(
    '<section class="signoff" aria-label="Review sign-off"><div>Reviewed by</div><div>Date</div><div>Decision (approve / revoke / follow up)</div></section>',
    '<footer><dl>',
    `<dt>Risk</dt><dd>${RISK_LEVELS.map((l) => riskChip(l)).join(' ')} from <code>data/risk.yaml</code>: the first matching rule decides, its rationale is shown beside each scope.</dd>`,
    `<dt>Evidence</dt><dd>${knownEvidenceLevels().map((l) => `${evidenceTag(l)} ${h(evidenceMeaning(l))}`).join('; ')}.</dd>`,
    '<dt>Grants</dt><dd>The Terraform resource <code>okta_app_oauth_api_scope</code> is authoritative: an apply grants the scopes listed here and revokes every other grant of the app. Default OIDC scopes are granted with the connection and are not listed.</dd>',
    '</dl></footer>',
    '</main></body></html>',
  );
  return `${out.join('\n')}\n`;
}
