import { sortReport } from '../../core/drift/order';
import { summarize } from '../../core/drift/summarize';
import type { DriftReport, OrgDrift, OrgError } from '../../core/drift/types';
import type { ReportContext } from '../../rules/report-context';
import { safeTextOutput, textField } from '../../util/escape';
import {
  EXTRA_AFTER_APPLY_EFFECT,
  EXTRA_EFFECT,
  MISSING_EFFECT,
  REAUTHORIZE,
  addsScopes,
  appLabel,
  extraDefaultEffect,
  planActionEffect,
  revokedEffect,
  needLabel,
  sourceLabel,
  statusLabel,
  UNKNOWN_STATUS_EFFECT,
  UNKNOWN_STATUS_FIX,
} from '../../core/wording';

/** Rows of `scope  detail`, the detail column aligned; extra detail lines indent under it. */
function table(rows: { scope: string; details: string[] }[]): string[] {
  const width = Math.max(...rows.map((r) => r.scope.length));
  const lines: string[] = [];
  for (const r of rows) {
    const [first, ...rest] = r.details;
    lines.push(first === undefined ? `    ${r.scope}` : `    ${r.scope.padEnd(width)}  ${first}`);
    for (const d of rest) lines.push(`    ${' '.repeat(width)}  ${d}`);
  }
  return lines;
}

function orgText(o: OrgDrift): string[] {
  const plan = o.source === 'plan';
  const lines = [`${o.name}  [${sourceLabel(o.source)}]  app ${appLabel(o.app)}  ${statusLabel(o)}`];

  if (o.missing.length > 0) {
    lines.push(
      plan
        ? `  MISSING AFTER APPLY: the plan leaves these ungranted; the cards fail with ${MISSING_EFFECT}`
        : `  MISSING: not granted; the cards fail with ${MISSING_EFFECT}`,
    );
    lines.push(
      ...table(
        o.missing.map((m) => ({
          scope: withRisk(m.scope, m.risk),
          details: [...m.neededBy.map(needLabel), ...m.reasons.map((r) => `extraScopes: ${r}`)],
        })),
      ),
    );
  }
  if (o.coveredByBroader.length > 0) {
    lines.push('  COVERED BY BROADER: not granted itself, held through its .manage scope');
    lines.push(
      ...table(
        o.coveredByBroader.map((c) => ({
          scope: c.scope,
          details: [`by ${c.coveredBy}`, ...c.neededBy.map(needLabel)],
        })),
      ),
    );
  }
  const ordinary = o.extra.filter((e) => !e.breaksConnections);
  if (ordinary.length > 0) {
    lines.push(
      plan
        ? `  EXTRA AFTER APPLY: ${EXTRA_AFTER_APPLY_EFFECT}`
        : `  EXTRA: granted, not declared; ${EXTRA_EFFECT}`,
    );
    lines.push(...table(ordinary.map((e) => ({ scope: withRisk(e.scope, e.risk), details: e.risk ? [e.risk.rationale] : [] }))));
  }
  for (const e of o.extra.filter((x) => x.breaksConnections)) {
    lines.push(`  EXTRA CONNECTION DEFAULT: ${e.scope} is ${extraDefaultEffect(e.breaksConnections ?? [])}`);
  }
  if (o.issuerMismatches.length > 0) {
    lines.push("  ISSUER MISMATCH: granted under an issuer other than the org's");
    lines.push(...table(o.issuerMismatches.map((i) => ({ scope: i.scope, details: [i.issuer] }))));
  }
  if (o.unknownStatus?.length) {
    lines.push(`  UNKNOWN STATUS: ${UNKNOWN_STATUS_EFFECT}; ${UNKNOWN_STATUS_FIX}`);
    lines.push(...table(o.unknownStatus.map((u) => ({ scope: u.scope, details: [`status ${u.status ?? '(none)'}`] }))));
  }
  if (o.plan) {
    const covers = o.plan.coversDeclaration
      ? 'after apply the grants cover the declaration'
      : 'after apply the grants do NOT cover the declaration';
    const changes = o.plan.toGrant.length + o.plan.toRevoke.length;
    const unsafe = planActionEffect(o.plan.action);
    if (unsafe) lines.push(`  PLAN ${unsafe.toUpperCase().split(':')[0]}:${unsafe.slice(unsafe.indexOf(':') + 1)}`);
    lines.push(changes === 0 ? `  PLAN: no grant changes; ${covers}` : `  PLAN: ${covers}`);
    lines.push(...o.plan.toGrant.map((s) => `    + grant   ${s}`));
    lines.push(...o.plan.toRevoke.map((s) => `    - revoke  ${s}`));
    for (const r of o.plan.revokes ?? []) lines.push(`    ! ${r.scope}: ${revokedEffect(r)}`);
  }
  return lines;
}

/** An org that could not be read: never a status, always the reason. */
function errorText(e: OrgError): string {
  return [`${e.org}  ERROR  not compared: ${e.message}`, ...(e.hint ? [`  ${e.hint}`] : [])].join('\n');
}

/** Plain text for terminals: no colours, one block per org, a blank line between blocks. */
export function formatText(report: DriftReport, _ctx?: ReportContext): string {
  const sorted = sortReport(report);
  const errors = sorted.errors ?? [];
  if (sorted.orgs.length === 0 && errors.length === 0) return 'No orgs to compare.\n';
  const blocks = [...sorted.orgs.map((o) => orgText(o).map(textField).join('\n')), ...errors.map((e) => errorText(e).split('\n').map(textField).join('\n'))];
  if (addsScopes(sorted)) blocks.push(REAUTHORIZE);
  blocks.push(summaryLine(sorted));
  // Names, app labels and scope ids come from scopes.yaml and the server: no escape codes, no `::` commands.
  return safeTextOutput(`${blocks.join('\n\n')}\n`);
}

/** The last line: the orgs in sync, those with drift (and how much), those not compared. */
function summaryLine(report: DriftReport): string {
  const orgs = summarize(report);
  const drifted = orgs.filter((o) => !o.inSync);
  const missing = drifted.reduce((n, o) => n + o.missing, 0);
  const extra = drifted.reduce((n, o) => n + o.extra, 0);
  const errors = (report.errors ?? []).length;
  const total = orgs.length + errors;
  const parts = [`${orgs.length - drifted.length} in sync`];
  if (drifted.length > 0) parts.push(`${drifted.length} with drift (${missing} missing, ${extra} extra)`);
  if (errors > 0) parts.push(`${errors} not compared`);
  return `Summary: ${total} org${total === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

/** `okta.users.manage (high)` when the caller attached a risk level. */
function withRisk(scope: string, risk: { level: string } | undefined): string {
  return risk ? `${scope} (${risk.level})` : scope;
}
