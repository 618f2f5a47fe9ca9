import { RISK_LEVELS, type RiskLevel } from '../../core/risk';
import type { OrgDriftView } from './types';

/** The report's few-word summaries, the same in every format. */

/** `3 high, 5 medium, 2 low`, leaving out zero counts. */
export function riskCounts(byRisk: Record<RiskLevel, number>): string {
  const parts = RISK_LEVELS.filter((l) => byRisk[l] > 0).map((l) => `${byRisk[l]} ${l}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** The drift status in a few words, the same in every format. */
export function driftHeadline(d: OrgDriftView): string {
  if (d.kind === 'not-checked') return d.failed ? `NOT CHECKED: ${d.why}: ${d.failed.message}` : `not checked (${d.why})`;
  const from = d.source === 'okta' ? 'live grants' : d.source === 'state' ? 'Terraform state' : 'Terraform plan';
  if (d.inSync) return `in sync with the ${from}`;
  const unknown = d.unknown.length ? `${d.unknown.length} grant${d.unknown.length === 1 ? '' : 's'} of unknown status` : '';
  const parts = [
    unknown,
    d.missing.length ? `${d.missing.length} missing` : '',
    d.covered.length ? `${d.covered.length} covered by a broader scope` : '',
    d.extra.length ? `${d.extra.length} extra` : '',
    d.issuerMismatches.length ? `${d.issuerMismatches.length} issuer mismatch${d.issuerMismatches.length === 1 ? '' : 'es'}` : '',
  ].filter(Boolean);
  if (d.unknown.length) return `UNKNOWN against the ${from}: ${parts.join(', ')}`;
  return `DRIFT against the ${from}: ${parts.join(', ') || (d.plan ? 'the plan revokes grants that must stay' : 'see the diff')}`;
}
