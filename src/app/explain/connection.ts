import { day } from '../../core/connection/compare';
import type { ConnectionStatus } from '../../core/connection/types';
import type { Explanation } from './explain';

/**
 * `explain --connection`: the same evidence as `diff --connection`. A 403 for a scope the app grants
 * but a connection's newest token does not carry is not a missing grant: the connection must be
 * reauthorized. The explanation gains that cause and step first (the fix's later reauthorize step is
 * dropped, not repeated); a connection that could not be
 * checked is said as a note, never as "the token carries it".
 */
export function withConnectionEvidence(e: Explanation, statuses: readonly ConnectionStatus[]): Explanation {
  const scopes = new Set(e.scopes.map((s) => s.scope));
  const causes: string[] = [];
  const notCarried = new Set<string>();
  const notes: string[] = [];
  for (const s of statuses) {
    if (!s.checked) {
      notes.push(`org ${s.org}: the connection was not checked: ${s.reasons.join('; ')}`);
      continue;
    }
    for (const f of s.findings) {
      if (f.kind !== 'not-carried' || !scopes.has(f.scope)) continue;
      notCarried.add(f.scope);
      const granted = f.grantedAt ? `granted on ${day(f.grantedAt)}` : 'granted';
      causes.push(`org ${s.org}: ${f.scope} is ${granted}; the newest connection token of user ${f.user} (${day(f.tokenIssued)}) does not carry it: reauthorize`);
    }
    const carried = s.connections.filter((c) => [...scopes].every((x) => c.scopes.includes(x)));
    if (carried.length > 0 && causes.length === 0) notes.push(`org ${s.org}: the newest token of ${carried.map((c) => `user ${c.user}`).join(', ')} carries ${[...scopes].join(', ')}`);
  }
  if (causes.length === 0) return notes.length ? { ...e, notes: [...e.notes, ...notes] } : e;
  return {
    ...e,
    likelyCause: causes.join('; '),
    // Reauthorizing comes first; the generic fix's own reauthorize step would only repeat it.
    steps: [`Reauthorize the Okta connection in Workflows (Connections → the connection → Reauthorize), ticking ${[...notCarried].sort().join(', ')} if it uses "Customize scopes".`, ...e.steps.filter((step) => !step.startsWith('Reauthorize '))],
    notes: [...e.notes, ...notes],
  };
}
