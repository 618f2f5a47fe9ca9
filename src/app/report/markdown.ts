import { markdownCode, markdownMessage, markdownText as md } from '../../util/escape';
import { extraDefaultEffect, REAUTHORIZE } from '../../core/wording';
import { RISK_LEVELS, type RiskLevel } from '../../core/risk';
import { controlsLegend, markdownTagger, type Tagger } from './controls-view';
import { decisionLead, extraFirst } from './decision';
import { MARK_MEANING, MARK_SIGN, matrixOf, type MatrixMark } from './matrix-model';
import { decisionMarkdown } from './decision-view';
import { evidenceMeaning, knownEvidenceLevels } from './evidence';
import { driftHeadline, riskCounts } from './headline';
import type { AccessReport, OrgAccess, OrgDriftView, PolicyException, ScopeAccess } from './types';
import { usageSectionMarkdown } from './usage-section';
import { sinceIntroMarkdown, sinceOrgMarkdown } from './since-section';
import { CARD_NOUN, FLOW_NOUN, fold, foldedText, ROW_NOUN } from './fold';

/** A name as a code span (`|` escaped: GFM splits table cells before it parses code). */
const code = (text: string): string => markdownCode(text);

const LETTER: Record<RiskLevel, string> = { high: 'H', medium: 'M', low: 'L' };

function exception(e: PolicyException): string {
  const expiry = e.expires === undefined ? 'no expiry' : e.status === 'expired' ? `**EXPIRED ${md(e.expires)}**` : `expires ${md(e.expires)}`;
  return `${md(e.rule)} exception (${expiry}): ${md(e.reason)} (${md(e.at)})`;
}

function status(s: ScopeAccess): string {
  switch (s.status.kind) {
    case 'granted':
      return 'granted';
    case 'missing':
      return '**MISSING**';
    case 'covered':
      return `covered by ${code(s.status.by)}`;
    case 'not-checked':
      return 'not checked';
  }
}

function inventory(o: OrgAccess, foldAt: number): string[] {
  const withStatus = o.drift.kind === 'checked';
  const out = [
    `| Scope | Risk | Evidence | Needed by (flow: cards) | Reasons and exceptions |${withStatus ? ' Grant |' : ''}`,
    `|---|---|---|---|---|${withStatus ? '---|' : ''}`,
  ];
  for (const s of o.scopes) {
    const { shown, more } = fold(s.neededBy, foldAt);
    const folded = more ? [`_${md(foldedText(more, FLOW_NOUN, foldAt, 'flows per scope'))}_`] : [];
    const needs = s.neededBy.length
      ? [...shown.map((f) => `**${md(f.flow)}**${f.folder !== undefined ? ` (${md(f.folder)})` : ''}: ${f.cards.map((c) => `${md(c.card)} _${md(c.evidence)}_`).join(', ')}`), ...folded].join('<br>')
      : 'extraScopes only';
    const why = [...(s.keptDefault ? [`Connection default: ${md(s.keptDefault)}`] : []), ...s.reasons.map((r) => `extraScopes: ${md(r)}`), ...s.exceptions.map(exception)].join('<br>') || '—';
    out.push(`| ${code(s.scope)} | **${s.risk.level}**: ${md(s.risk.rationale)} | ${md(s.evidence)}${s.strongestEvidence !== s.evidence ? ` (strongest: ${md(s.strongestEvidence)})` : ''} | ${needs} | ${why} |${withStatus ? ` ${status(s)} |` : ''}`);
  }
  return out;
}

function matrix(o: OrgAccess, foldAt: number): string[] {
  if (o.scopes.length === 0 || o.flows.length === 0) return ['_No flow needs a scope in this org._'];
  const m = matrixOf(o, foldAt);
  const marks = (Object.keys(MARK_SIGN) as MatrixMark[]).filter((k) => m.columns.some((c) => c.mark === k)).map((k) => `; ${MARK_SIGN[k]} marks a scope ${MARK_MEANING[k]}`);
  const out = [
    `Rows are flows, columns scopes (most severe first); a cell holds the risk of a scope the flow needs (${RISK_LEVELS.map((l) => `${LETTER[l]} ${l}`).join(', ')})${marks.join('')}.`,
    '',
    `| Flow | ${m.columns.map((c) => `${c.mark ? `${MARK_SIGN[c.mark]} ` : ''}${code(c.scope)} (${LETTER[c.risk]})`).join(' | ')} |`,
    `|---|${m.columns.map(() => ':-:').join('|')}|`,
  ];
  for (const f of m.rows) {
    const name = `${md(f.flow)}${f.folder !== undefined ? ` (${md(f.folder)})` : ''}`;
    out.push(`| ${name} | ${m.columns.map((c) => (f.needs.has(c.scope) ? LETTER[c.risk] : ' ')).join(' | ')} |`);
  }
  if (m.rowCount > m.rows.length) out.push(`| _${md(foldedText(m.rowCount - m.rows.length, ROW_NOUN, foldAt, 'rows per matrix'))}_ | ${m.columns.map(() => ' ').join(' | ')} |`);
  if (m.extraScopes) {
    const reasons = new Set(o.scopes.filter((s) => s.reasons.length > 0).map((s) => s.scope));
    out.push(`| _extraScopes_ | ${m.columns.map((c) => (reasons.has(c.scope) ? LETTER[c.risk] : ' ')).join(' | ')} |`);
  }
  if (m.cardlessCount) {
    const more = m.cardlessCount > m.cardless.length ? `, ${md(foldedText(m.cardlessCount - m.cardless.length, FLOW_NOUN, foldAt, 'flows per line'))}` : '';
    out.push('', `${m.cardlessCount} flow${m.cardlessCount === 1 ? ' needs' : 's need'} no scope: ${m.cardless.map(md).join(', ')}${more}.`);
  }
  return out;
}

function drift(d: OrgDriftView, tag: Tagger, foldAt: number): string[] {
  if (d.kind === 'not-checked' && d.failed) {
    return [
      `> **Not checked: the diff could not read this org** (${code(d.failed.code)}): ${md(d.failed.message)}${d.failed.hint !== undefined ? ` ${md(d.failed.hint)}` : ''}`,
      '>',
      '> Its grants are unknown: nothing in this report says what the org holds today. Fix the cause and rerun `wf-scopes diff --format json`.',
    ];
  }
  if (d.kind === 'not-checked') return [`Drift: **not checked** (${md(d.why)}). Pass \`--drift\` with the output of \`wf-scopes diff --format json\`.`];
  const out = [`**${md(driftHeadline(d))}.** App ${code(d.app.id)}${d.app.label !== undefined ? ` (${md(d.app.label)})` : ''}.`, ''];
  if (d.unknown.length > 0) {
    out.push(`> **${d.unknown.length} grant${d.unknown.length === 1 ? '' : 's'} of unknown status** (neither ACTIVE nor REVOKED: each may be in force, so what the org holds is unknown):`, '>');
    for (const u of d.unknown) out.push(`> - ${code(u.scope)} status ${code(u.status)}`);
    out.push('');
  }
  out.push(`**Missing** (granted by the declaration but not by the org)${tag('adds')}:`, '');
  if (d.missing.length === 0) out.push('None.');
  else {
    out.push('| Scope | Risk | Cards that fail with 403 insufficient_scope | Reasons |', '|---|---|---|---|');
    for (const m of d.missing) {
      const { shown, more } = fold(m.failing, foldAt);
      const failing = [...shown.map(md), ...(more ? [`_${md(foldedText(more, CARD_NOUN, foldAt, 'cards per scope'))}_`] : [])];
      out.push(`| ${code(m.scope)} | **${m.risk}** | ${failing.join('<br>') || 'no card (extraScopes)'} | ${m.reasons.map(md).join('<br>') || '—'} |`);
    }
  }
  if (d.covered.length > 0) {
    out.push('', '**Covered by a broader scope** (no 403 expected, but an apply adds them):', '');
    for (const c of d.covered) out.push(`- ${code(c.scope)} held through ${code(c.coveredBy)}`);
  }
  out.push('', `**Extra** (granted by the org but not declared: an apply of the generated stack revokes them)${tag('revokes')}:`, '');
  if (d.extra.length === 0) out.push('None.');
  else {
    out.push('| Scope | Risk | Why it matters |', '|---|---|---|');
    for (const e of extraFirst(d.extra)) out.push(`| ${code(e.scope)} | **${e.risk}** | ${e.breaksConnections ? `**Connection default:** ${md(extraDefaultEffect(e.breaksConnections))}` : md(e.rationale)} |`);
  }
  if (d.issuerMismatches.length > 0) {
    out.push('', '**Grants under another issuer:**', '');
    for (const m of d.issuerMismatches) out.push(`- ${code(m.scope)} issued by ${code(m.issuer)}`);
  }
  if (d.plan) {
    const list = (xs: string[]) => (xs.length ? xs.map(code).join(', ') : 'nothing');
    out.push('', `**Terraform plan:** grants ${list(d.plan.toGrant)}; revokes ${list(d.plan.toRevoke)}. ${d.plan.coversDeclaration ? 'After the apply the app holds every declared scope.' : '**After the apply the app still lacks declared scopes.**'}`);
  }
  if (d.missing.length > 0) out.push('', `> ${REAUTHORIZE}`);
  return out;
}

function policy(o: OrgAccess): string[] {
  const p = o.policy;
  if (!p.declared) return ['_scopes.yaml declares no policy section: no scope is denied and no exception is in force._'];
  const out: string[] = [];
  if (p.violations.length === 0) out.push('No policy violation.');
  else {
    out.push(`**${p.violations.length} policy violation${p.violations.length === 1 ? '' : 's'}** (\`wf-scopes check\` and \`cdktf synth\` fail on them):`, '');
    for (const v of p.violations) out.push(`- **${md(v.rule)}**: ${md(v.message)} (${md(v.at)})`);
  }
  if (p.exceptions.length > 0) {
    out.push('', '| Rule | Covers | Reason | Expires | Status | Declared at |', '|---|---|---|---|---|---|');
    for (const e of p.exceptions) {
      const st = e.status === 'expired' ? '**EXPIRED**' : `active (${e.covers} finding${e.covers === 1 ? '' : 's'})`;
      out.push(`| ${md(e.rule)} | ${md(e.target)} | ${md(e.reason)} | ${e.expires !== undefined ? md(e.expires) : 'never'} | ${st} | ${md(e.at)} |`);
    }
  } else out.push('', 'No exception (suppression) is declared.');
  return out;
}

function orgSection(r: AccessReport, o: OrgAccess, tag: Tagger): string[] {
  const app = o.app.id !== undefined ? `${code(o.app.id)} (${md(o.app.label)})` : `labelled “${md(o.app.label)}”`;
  return [
    `## ${md(o.name)}`,
    '',
    `**${md(o.name)}** · issuer ${md(o.issuer)} · app ${app} · generated ${md(r.generatedAt)} · ${o.totals.scopes} scopes (${riskCounts(o.totals.byRisk)}) · ${o.totals.flows} flows · ${o.totals.cards} cards · drift: ${md(driftHeadline(o.drift))}`,
    '',
    '### Decision',
    '',
    ...decisionMarkdown(o.decision, tag),
    ...sinceOrgMarkdown(r, o.name),
    `### Scope inventory${tag('inventory')}`,
    '',
    ...inventory(o, r.foldAt),
    '',
    '### Scopes × flows',
    '',
    ...matrix(o, r.foldAt),
    '',
    '### Drift',
    '',
    ...drift(o.drift, tag, r.foldAt),
    '',
    `### Policy exceptions and violations${tag('policy')}`,
    '',
    ...policy(o),
    '',
  ];
}

/** The same content as the HTML page, for a wiki or a pull request. */
export function renderMarkdown(r: AccessReport): string {
  const out = [
    '# Okta Workflows OAuth: access review',
    '',
    `Generated ${md(r.generatedAt)} by wf-scopes ${md(r.toolVersion)} from ${code(r.declaration.file)} (SHA-256 ${code(r.declaration.sha256)})` +
      (r.drift ? ` and the drift result ${code(r.drift.file)} (SHA-256 ${code(r.drift.sha256)})` : '') +
      (r.usage ? ` and the usage result ${code(r.usage.file)} (SHA-256 ${code(r.usage.sha256)})` : '') +
      `. Exceptions are judged as of ${md(r.today)}.`,
    '',
  ];
  if (r.orgs.length > 1) out.push(...r.orgs.map((o) => `- **${md(o.name)}**: ${md(decisionLead(o.decision))}`), '');
  out.push(...sinceIntroMarkdown(r));
  const tag = markdownTagger(r.controls);
  for (const o of r.orgs) out.push(...orgSection(r, o, tag));
  if (r.usage) out.push(...usageSectionMarkdown(r.usage.evidence, r.usage.file, r.orgs.map((o) => o.name)));
  out.push(
    '---',
    '',
    'Risk comes from `data/risk.yaml` (the first matching rule decides).',
    '',
    'Evidence (a scope counts under its weakest card):',
    '',
    ...knownEvidenceLevels().map((l) => `- _${l}_: ${markdownMessage(evidenceMeaning(l), { inTable: false })}`),
    '',
    ...(r.controls ? [`Each finding is tagged with the ${md(r.controls.name)} control it evidences (\`data/controls.yaml\`): ${md(controlsLegend(r.controls))}.`, ''] : []),
    'The Terraform resource `okta_app_oauth_api_scope` is authoritative: an apply grants the scopes listed here and revokes every other grant of the app.',
  );
  return `${out.join('\n')}\n`;
}
