import { compareConnection } from '../../core/connection/compare';
import type { ConnectionStatus, SourceRead } from '../../core/connection/types';
import type { DriftReport } from '../../core/drift/types';

/** What `diff --connection` read of one org: the connection evidence and the grants' dates. */
export interface OrgConnectionRead {
  org: string;
  evidence: {
    since: string;
    until: string;
    tokens: SourceRead<{ id: string; userId: string; created: string; status: string; scopes: readonly string[] }> | { ok: false; reason: string };
    log: SourceRead<{ published: string; eventType: string; actorId?: string; grantedScopes?: readonly string[] }> | { ok: false; reason: string };
  };
  grantedAt: Readonly<Record<string, string>>;
}

/** The connection status of every org that was read, against the drift report's grants and requirements. */
export function connectionStatuses(report: DriftReport, reads: readonly OrgConnectionRead[]): ConnectionStatus[] {
  const out: ConnectionStatus[] = [];
  for (const r of reads) {
    const org = report.orgs.find((o) => o.name === r.org);
    if (!org) continue;
    const granted = new Map(org.granted.map((s) => [s, r.grantedAt[s] ?? '']));
    out.push(
      compareConnection({
        org: r.org,
        since: r.evidence.since,
        until: r.evidence.until,
        tokens: r.evidence.tokens,
        log: r.evidence.log,
        granted,
        required: org.required,
      }),
    );
  }
  return out.sort((a, b) => (a.org < b.org ? -1 : a.org > b.org ? 1 : 0));
}

/** `--since`: days back from now (`30`, `30d`), 1 to 90 (the System Log keeps 90 days). Undefined: not a valid value. */
export function parseSinceDays(raw: string): number | undefined {
  const m = /^\s*(\d{1,3})\s*d?\s*$/.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= 90 ? n : undefined;
}
