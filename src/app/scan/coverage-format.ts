import { markdownCode, markdownText, safeTextOutput, textField } from '../../util/escape';
import { findingsToGithub } from '../../output/findings/github';
import { appendFindings } from '../../output/findings/json';
import { RULES } from '../../rules/registry';
import { findingsToSarif } from '../../output/findings/sarif';
import { finding, type Finding } from '../../rules/finding';
import { MISSING_EFFECT } from '../../core/wording';
import type { SourceLoc } from '../../util/diagnostics';
import type { CoverageReport, UncoveredCard } from './coverage';
import { hasLikely403 } from './coverage';
import { errorJson } from './format';
import { render, type CommandFormat, type Renderers } from '../../output/format';

/** `scan --check --format`: every format scan accepts. */
export type CoverageFormat = CommandFormat<'scan'>;

export interface CoverageContext {
  toolVersion: string;
  /** SARIF URIs are relative to this folder (the working folder). */
  baseDir: string;
  /** package.json `homepage`, for SARIF help URIs. */
  homepage?: string;
}

function flowName(flow: string, folder: string | undefined): string {
  return folder !== undefined ? `"${flow}" (folder ${folder})` : `"${flow}"`;
}

/** One sentence saying what is wrong with an undeclared card and what it likely leads to. */
export function uncoveredMessage(u: UncoveredCard): string {
  const where = u.flowDeclared
    ? `${u.card} is not declared in flow ${flowName(u.flow, u.folder)}`
    : `${u.card} is used by flow ${flowName(u.flow, u.folder)}, which is not declared`;
  const titled = u.title !== '' && !u.card.includes(u.title) ? ` (card titled "${u.title}")` : '';
  let effect: string;
  switch (u.status) {
    case 'likely-403': {
      const parts = u.missing.map((m) => `${m.scopes.join(', ')} not granted in org ${m.org}`);
      effect = `scope ${parts.join('; ')} → likely ${MISSING_EFFECT}`;
      break;
    }
    case 'granted-anyway':
      effect =
        u.scopes.length > 0
          ? `its scopes (${u.scopes.join(', ')}) are granted anyway through other declared cards or extraScopes; declare it so they stay granted`
          : 'it needs no scope; declare it to keep the declaration complete';
      break;
    case 'unknown-scopes':
      effect = `the scopes it needs cannot be told, so a 403 cannot be ruled out`;
      break;
  }
  const note = u.note ? ` (${u.note})` : '';
  return `${where}${titled}: ${effect}${note}. Used in ${u.file}.`;
}

function counts(r: CoverageReport): { likely403: number; grantedAnyway: number; unknownScopes: number } {
  return {
    likely403: r.uncovered.filter((u) => u.status === 'likely-403').length,
    grantedAnyway: r.uncovered.filter((u) => u.status === 'granted-anyway').length,
    unknownScopes: r.uncovered.filter((u) => u.status === 'unknown-scopes').length,
  };
}

function summary(r: CoverageReport): string {
  const c = counts(r);
  return (
    `${r.declaration} against ${r.exports} export${r.exports === 1 ? '' : 's'}: ${r.cards} Okta-family cards, ${r.covered} declared; ` +
    `${r.uncovered.length} not declared (${c.likely403} likely 403, ${c.unknownScopes} unknown scopes, ${c.grantedAnyway} granted anyway); ` +
    `${r.stale.length} stale, ${r.flowsNotInExports.length} declared flows not in the exports, ${r.notChecked.length} not checked, ${r.errors.length} unreadable files`
  );
}

const at = (loc: SourceLoc): string => `${loc.file}:${loc.line}:${loc.column}`;

export function coverageToText(r: CoverageReport): string {
  const out: string[] = [];
  for (const u of r.uncovered) {
    const label = u.status === 'granted-anyway' ? 'NOT DECLARED (granted anyway)' : u.status === 'likely-403' ? 'NOT DECLARED (likely 403)' : 'NOT DECLARED (unknown scopes)';
    out.push(`${at(u.loc)}: ${label}: ${uncoveredMessage(u)}`);
  }
  for (const s of r.stale) {
    out.push(`${at(s.loc)}: STALE: ${s.card} is declared in flow ${flowName(s.flow, s.folder)} but no scanned export of that flow uses it`);
  }
  for (const f of r.flowsNotInExports) out.push(`${at(f.loc)}: NOT IN EXPORTS: flow ${flowName(f.flow, f.folder)} is in no scanned export`);
  for (const n of r.notChecked) out.push(`${n.file}: NOT CHECKED: flow "${n.flow}": ${n.card} ("${n.title}"): ${n.reason}`);
  for (const e of r.errors) out.push(`${e.file}${e.line !== undefined ? `:${e.line}:${e.column}` : ''}: ERROR: ${e.reason}`);
  if (out.length > 0) out.push('');
  out.push(summary(r));
  if (hasLikely403(r)) {
    out.push(
      'Declare the cards above in their flows (`wf-scopes scan --write` adds those it can; calls known only at run time ' +
        'need adding by hand), then apply and reauthorize the Okta Workflows connection.',
    );
  }
  // Flow, card and file names come from the exports: one inert line each.
  return safeTextOutput(`${out.map(textField).join('\n')}\n`);
}

const locJson = (loc: SourceLoc): { line: number; column: number } => ({ line: loc.line, column: loc.column });

/** `scan --check --format json`; lines and columns point into the declaration. */
export function coverageToJson(r: CoverageReport, ctx: Pick<CoverageContext, 'baseDir'> = { baseDir: process.cwd() }): string {
  const c = counts(r);
  const doc = {
    declaration: r.declaration,
    exports: r.exports,
    cards: r.cards,
    covered: r.covered,
    uncovered: r.uncovered.map((u) => ({
      file: u.file,
      flow: u.flow,
      ...(u.folder !== undefined ? { folder: u.folder } : {}),
      card: u.card,
      title: u.title,
      connector: u.connector,
      key: u.key,
      status: u.status,
      flowDeclared: u.flowDeclared,
      scopes: [...u.scopes],
      missing: u.missing.map((m) => ({ org: m.org, scopes: [...m.scopes] })),
      ...locJson(u.loc),
      ...(u.note !== undefined ? { note: u.note } : {}),
      message: uncoveredMessage(u),
    })),
    stale: r.stale.map((s) => ({ flow: s.flow, ...(s.folder !== undefined ? { folder: s.folder } : {}), card: s.card, ...locJson(s.loc) })),
    flowsNotInExports: r.flowsNotInExports.map((f) => ({ flow: f.flow, ...(f.folder !== undefined ? { folder: f.folder } : {}), ...locJson(f.loc) })),
    notChecked: r.notChecked.map((n) => ({ file: n.file, flow: n.flow, card: n.card, title: n.title, reason: n.reason })),
    errors: r.errors.map(errorJson),
    summary: { uncovered: r.uncovered.length, ...c, stale: r.stale.length, likely403Exit: hasLikely403(r) },
  };
  // The same facts in the findings shape every command shares (rule ids WFS2xx).
  return appendFindings(`${JSON.stringify(doc, null, 2)}\n`, coverageFindings(r), { baseDir: ctx.baseDir, cwd: ctx.baseDir });
}

const STATUS_MD: Record<UncoveredCard['status'], string> = {
  'likely-403': '**likely 403**',
  'unknown-scopes': '**unknown scopes**',
  'granted-anyway': 'granted anyway',
};

export function coverageToMarkdown(r: CoverageReport): string {
  const e = markdownText;
  const lines = ['### wf-scopes: exported flows against the declaration', '', e(summary(r)), ''];
  if (r.uncovered.length > 0) {
    lines.push('| Flow | Card | Status | Details |', '|---|---|---|---|');
    for (const u of r.uncovered) {
      const details =
        u.status === 'likely-403'
          ? u.missing.map((m) => `${m.scopes.map((s) => markdownCode(s)).join(', ')} not granted in ${e(m.org)}`).join('<br>')
          : u.status === 'granted-anyway'
            ? `granted through other declarations: ${u.scopes.map((s) => markdownCode(s)).join(', ') || 'needs no scope'}`
            : e(u.note ?? '');
      const flow = `${e(u.flow)}${u.flowDeclared ? '' : ' (not declared)'}`;
      lines.push(`| ${flow} | ${e(u.card)} | ${STATUS_MD[u.status]} | ${details} |`);
    }
    lines.push('');
  }
  if (r.stale.length > 0) {
    lines.push('Declared but unused by the scanned exports:', '');
    for (const s of r.stale) lines.push(`- ${e(s.flow)}: ${e(s.card)} (line ${s.loc.line})`);
    lines.push('');
  }
  if (r.errors.length > 0) {
    lines.push('Files that could not be read:', '');
    for (const x of r.errors) lines.push(`- ${e(x.file)}: ${e(x.reason)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export const RULE_UNDECLARED = RULES['undeclared-card'].id;
export const RULE_UNDECLARED_GRANTED = RULES['undeclared-card-granted-anyway'].id;
export const RULE_STALE = RULES['stale-card'].id;
export const RULE_FLOW_NOT_IN_EXPORTS = RULES['flow-not-in-exports'].id;
export const RULE_NOT_CHECKED = RULES['card-not-checked'].id;

/**
 * The coverage report as findings: an error per undeclared card that likely fails with 403 (or whose
 * scopes cannot be told), a warning per undeclared card granted anyway, located at the flow's line in
 * scopes.yaml (the `flows:` line when the flow is not declared) with the export as related location;
 * notes for stale entries, declared flows in no export, and cards not checked; an error per export
 * that could not be read.
 */
export function coverageFindings(r: CoverageReport): Finding[] {
  const out: Finding[] = [];
  for (const u of r.uncovered) {
    out.push(
      finding(u.status === 'granted-anyway' ? 'undeclared-card-granted-anyway' : 'undeclared-card', {
        flow: u.flow,
        card: u.card,
        message: uncoveredMessage(u),
        loc: u.loc,
        related: [{ loc: { file: u.file }, message: `flow "${u.flow}" in ${u.file}` }],
        properties: { status: u.status, scopes: [...u.scopes] },
      }),
    );
  }
  for (const s of r.stale) {
    out.push(finding('stale-card', { flow: s.flow, card: s.card, message: `${s.card} is declared in flow ${flowName(s.flow, s.folder)} but no scanned export of that flow uses it.`, loc: s.loc }));
  }
  for (const f of r.flowsNotInExports) {
    out.push(finding('flow-not-in-exports', { flow: f.flow, message: `Flow ${flowName(f.flow, f.folder)} is declared but is in no scanned export.`, loc: f.loc }));
  }
  for (const n of r.notChecked) {
    out.push(finding('card-not-checked', { flow: n.flow, card: n.card, message: `Flow "${n.flow}": ${n.card} ("${n.title}") is not checked: ${n.reason}.`, loc: { file: n.file } }));
  }
  for (const e of r.errors) {
    out.push(finding('unreadable-export', { code: e.code, message: `${e.file} could not be read: ${e.reason}.`, loc: { file: e.file, line: e.line, column: e.column } }));
  }
  return out;
}

/** SARIF 2.1.0 of the coverage findings (the shared renderer); URIs relative to the working folder. */
export function coverageToSarif(r: CoverageReport, ctx: CoverageContext): string {
  return findingsToSarif(coverageFindings(r), { toolVersion: ctx.toolVersion, baseDir: ctx.baseDir, cwd: ctx.baseDir, homepage: ctx.homepage });
}

const RENDERERS: Renderers<CoverageFormat, CoverageReport, CoverageContext> = {
  text: (r) => coverageToText(r),
  json: coverageToJson,
  markdown: (r) => coverageToMarkdown(r),
  sarif: coverageToSarif,
  github: (r, ctx) => findingsToGithub(coverageFindings(r), { toolVersion: ctx.toolVersion, baseDir: ctx.baseDir, cwd: ctx.baseDir }, `wf-scopes scan --check: ${summary(r)}`),
};

export function formatCoverage(format: CoverageFormat, r: CoverageReport, ctx: CoverageContext): string {
  return render(format, RENDERERS, r, ctx);
}
