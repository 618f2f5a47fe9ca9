import { findingMessage } from '../core/connection/compare';
import type { ConnectionStatus } from '../core/connection/types';
import { finding, type Finding } from './finding';

/**
 * The connection check's findings: a scope a connection's newest token does not carry (WFS008), a
 * revoked scope it still carries (WFS009), and an org whose connection could not be checked (WFS010).
 */
export function connectionFindings(statuses: readonly ConnectionStatus[]): Finding[] {
  const out: Finding[] = [];
  for (const s of statuses) {
    if (!s.checked) {
      out.push(finding('connection-not-checked', { org: s.org, message: `Connection not checked: ${s.reasons.join('; ')}.` }));
      continue;
    }
    for (const f of s.findings) {
      out.push(
        finding(f.kind === 'not-carried' ? 'connection-scope-not-carried' : 'connection-carries-revoked-scope', {
          org: s.org,
          scope: f.scope,
          message: `${findingMessage(f)}.`,
          properties: { user: f.user, tokenIssued: f.tokenIssued, ...(f.grantedAt ? { grantedAt: f.grantedAt } : {}) },
        }),
      );
    }
  }
  return out;
}
