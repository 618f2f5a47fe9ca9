import type { Need, Resolution } from '../core/resolve/types';
import { riskOf, type RiskLevel } from '../core/risk';
import { cardLabel } from '../core/wording';
import { appendFindings } from './findings/json';
import { stableStringify } from './stable-json';
import { safeTextOutput, textField } from '../util/escape';
import type { Finding, FindingContext } from '../rules/finding';
import { formatDiagnostics, type Diagnostic } from '../util/diagnostics';

/** The `check --format json` contract: stable key order, sorted lists, no source locations but lines. */
export function resolutionToJson(
  resolution: Resolution,
  warnings: Diagnostic[],
  findings: readonly Finding[] = [],
  ctx: Pick<FindingContext, 'baseDir' | 'cwd'> = { baseDir: process.cwd(), cwd: process.cwd() },
): string {
  const doc = {
    orgs: resolution.orgs.map((org) => ({
      name: org.name,
      domain: org.domain,
      issuer: org.issuer,
      app: { label: org.app.label, ...(org.app.id ? { id: org.app.id } : {}) },
      scopes: org.scopes.map((s) => ({
        scope: s.scope,
        neededBy: s.neededBy.map(needToJson),
        reasons: s.reasons.map((r) => r.reason),
        risk: riskJson(s.scope),
      })),
    })),
    warnings: warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.loc ? { file: w.loc.file, line: w.loc.line, column: w.loc.column } : {}),
      ...(w.hint ? { hint: w.hint } : {}),
    })),
  };
  return appendFindings(stableStringify(doc, { keyOrder: CHECK_JSON_KEYS }), findings, ctx);
}

/** Every key the check JSON holds, in output order (the shared stable JSON writer's key order). */
const CHECK_JSON_KEYS = [
  'orgs', 'warnings',
  'name', 'domain', 'issuer', 'app', 'label', 'id', 'scopes',
  'scope', 'neededBy', 'reasons', 'risk', 'level', 'rationale',
  'flow', 'connector', 'card', 'call', 'method', 'path', 'operationId',
  'code', 'message', 'file', 'line', 'column', 'hint',
];

/** `{level, rationale}` from data/risk.yaml; the matched rule stays internal (it is not a contract). */
export function riskJson(scope: string): { level: RiskLevel; rationale: string } {
  const r = riskOf(scope);
  return { level: r.level, rationale: r.rationale };
}

export function needToJson(n: Need): { flow: string; connector: string; card: string; call?: { method: string; path: string; operationId: string } } {
  return {
    flow: n.flow,
    connector: n.connector,
    card: n.card,
    ...(n.call ? { call: { method: n.call.method, path: n.call.path, operationId: n.call.operationId } } : {}),
  };
}

/** Reasons shown per scope before `… and N more` (`--all` shows every one). */
const MAX_REASONS = 5;

/** A terminal view: per org, each scope, its risk level, and the flows/cards (or reasons) behind it. */
export function resolutionToText(resolution: Resolution, opts: { all?: boolean } = {}): string {
  const lines: string[] = [];
  for (const org of resolution.orgs) {
    const app = org.app.id ? `app ${org.app.id}` : `app labelled "${org.app.label}"`;
    lines.push(`${org.name}  ${org.issuer}  (${app})`);
    if (org.scopes.length === 0) lines.push('  (no scopes)');
    const width = Math.max(0, ...org.scopes.map((s) => s.scope.length));
    for (const s of org.scopes) {
      const why: string[] = [];
      const byFlow = new Map<string, string[]>();
      for (const n of s.neededBy) byFlow.set(n.flow, [...(byFlow.get(n.flow) ?? []), cardLabel(n)]);
      for (const [flow, cards] of byFlow) why.push(`${flow}: ${[...new Set(cards)].join(', ')}`);
      for (const r of s.reasons) why.push(r.kind === 'connector-default' ? `default: ${r.reason}` : `extraScopes: ${r.reason}`);
      const shown = opts.all ? why : why.slice(0, MAX_REASONS);
      if (why.length > shown.length) shown.push(`… and ${why.length - shown.length} more (--all lists them)`);
      // `medium` is the widest level; a fixed column keeps the reasons aligned across orgs.
      lines.push(`  ${s.scope.padEnd(width)}  ${riskOf(s.scope).level.padEnd(6)}  ${shown[0]}`);
      for (const w of shown.slice(1)) lines.push(`  ${' '.repeat(width)}  ${' '.repeat(6)}  ${w}`);
    }
    lines.push(`  ${org.scopes.length} scope${org.scopes.length === 1 ? '' : 's'}`);
    lines.push('');
  }
  // Flow names and reasons come from scopes.yaml: one inert line each, no `::` command at a line start.
  return safeTextOutput(lines.map(textField).join('\n'));
}

/** The last line of `check`'s text: the orgs, the grants in all, how many are high risk, the warnings. */
export function checkSummary(resolution: Resolution, warnings: number): string {
  const orgs = resolution.orgs.length;
  const scopes = resolution.orgs.flatMap((o) => o.scopes.map((s) => s.scope));
  const high = scopes.filter((s) => riskOf(s).level === 'high').length;
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `Summary: ${plural(orgs, 'org')} valid, ${plural(scopes.length, 'grant')} in all (${high} high risk), ${plural(warnings, 'warning')}.\n`;
}

/** Warnings for a terminal; a hint shared by several warnings (the inferred-card one) is said once. */
export function warningsToText(warnings: Diagnostic[]): string {
  return formatDiagnostics(warnings);
}
