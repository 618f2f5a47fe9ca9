import type { FlowDecl } from '../../core/manifest/types';
import type { Need } from '../../core/resolve/types';
import { cardLabel } from '../../core/wording';
import { compareStrings } from '../../util/compare';
import type { EvidenceLevel } from './evidence';
import type { FlowNeed, FlowRow } from './types';

/**
 * What one flow gives the report (its matrix row, and per scope its cards), built once and shared by
 * every org that runs it: orgs that run different sets of flows (60 orgs, each without one of them)
 * then hold references, not copies. Only when no two flows share a name: a flow's needs are then the
 * same in every org it runs in. Otherwise the report builds per group of orgs (model.ts).
 */
export interface FlowIndex {
  /** The rows of these flows, by folder then name. */
  rowsOf(flows: readonly FlowDecl[]): FlowRow[];
  /** The flows that need `scope` through `needs` (one org's), by name, each with its cards. */
  neededBy(scope: string, needs: readonly Need[], evidenceOf: (n: Need) => EvidenceLevel): FlowNeed[];
}

const byFolderThenName = (a: FlowRow, b: FlowRow): number => compareStrings(a.folder ?? '\uffff', b.folder ?? '\uffff') || compareStrings(a.flow, b.flow);

/** The index of a declaration's flows, or undefined when two flows share a name. */
export function flowIndex(flows: readonly FlowDecl[]): FlowIndex | undefined {
  const rows = new Map<string, FlowRow>();
  for (const f of flows) {
    if (rows.has(f.name)) return undefined;
    rows.set(f.name, { flow: f.name, ...(f.folder !== undefined ? { folder: f.folder } : {}), needs: new Map() });
  }
  const ordered = [...rows.values()].sort(byFolderThenName);
  // Per scope: the needs already filed (a Need is shared by every org it applies to), and each flow's entry.
  const byScope = new Map<string, { filed: Set<Need>; flows: Map<string, FlowNeed> }>();

  const file = (scope: string, n: Need, entry: FlowNeed, evidence: EvidenceLevel): void => {
    const label = cardLabel(n);
    entry.cards.push({ card: label, evidence });
    const row = rows.get(n.flow);
    if (!row) return;
    const cards = row.needs.get(scope);
    if (cards) cards.push(label);
    else row.needs.set(scope, [label]);
  };

  return {
    rowsOf(some) {
      if (some.length === rows.size) return ordered;
      const names = new Set(some.map((f) => f.name));
      return ordered.filter((r) => names.has(r.flow));
    },
    neededBy(scope, needs, evidenceOf) {
      let s = byScope.get(scope);
      if (!s) byScope.set(scope, (s = { filed: new Set(), flows: new Map() }));
      const out: FlowNeed[] = [];
      for (const n of needs) {
        let entry = s.flows.get(n.flow);
        if (!entry) {
          const folder = rows.get(n.flow)?.folder;
          s.flows.set(n.flow, (entry = { flow: n.flow, ...(folder !== undefined ? { folder } : {}), cards: [] }));
        }
        if (!s.filed.has(n)) {
          s.filed.add(n);
          file(scope, n, entry, evidenceOf(n));
        }
        if (out[out.length - 1] !== entry) out.push(entry);
      }
      // The resolver sorts needs by flow, so each flow comes once and in order; anything else is sorted here.
      for (let i = 1; i < out.length; i++) if (compareStrings(out[i - 1].flow, out[i].flow) >= 0) return [...new Set(out)].sort((a, b) => compareStrings(a.flow, b.flow));
      return out;
    },
  };
}
