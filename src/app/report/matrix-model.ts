import type { RiskLevel } from '../../core/risk';
import type { FlowRow, OrgAccess } from './types';

/**
 * The scopes × flows matrix with the drift on it: a declared scope the app lacks is marked `+`
 * (approving grants it), a grant nothing declares gets a column of its own marked `−` (approving
 * revokes it), and the flows that need no scope are folded into one line instead of empty rows.
 */

export type MatrixMark = 'missing' | 'extra';

export interface MatrixColumn {
  scope: string;
  risk: RiskLevel;
  mark?: MatrixMark;
}

export interface MatrixModel {
  columns: MatrixColumn[];
  /** Flows that need at least one scope, in the report's order: the first `foldAt` of them. */
  rows: FlowRow[];
  /** How many flows need at least one scope (`rows` shows the first of them). */
  rowCount: number;
  /** The flows that need no scope (helper flows, flows of cards without scopes), by name: the first `foldAt`. */
  cardless: string[];
  /** How many flows need no scope. */
  cardlessCount: number;
  /** Whether a row marks the extraScopes (a scope granted with a reason). */
  extraScopes: boolean;
}

export const MARK_SIGN: Readonly<Record<MatrixMark, string>> = { missing: '+', extra: '−' };
export const MARK_MEANING: Readonly<Record<MatrixMark, string>> = {
  missing: 'declared, the app lacks it: approving grants it',
  extra: 'granted, not declared: approving revokes it',
};

/** The matrix of an org; past `foldAt` rows (or flows that need no scope) the rest is only counted. */
export function matrixOf(o: OrgAccess, foldAt: number): MatrixModel {
  const d = o.drift;
  const missing = new Set(d.kind === 'checked' ? d.missing.map((m) => m.scope) : []);
  const columns: MatrixColumn[] = o.scopes.map((s) => ({ scope: s.scope, risk: s.risk.level, ...(missing.has(s.scope) ? { mark: 'missing' as const } : {}) }));
  if (d.kind === 'checked') for (const e of d.extra) columns.push({ scope: e.scope, risk: e.risk, mark: 'extra' });
  // One pass that keeps only what is shown: an org of 50,000 flows copies no list of them.
  const rows: FlowRow[] = [];
  const cardless: string[] = [];
  let rowCount = 0;
  let cardlessCount = 0;
  for (const f of o.flows) {
    if (f.needs.size > 0) {
      if (rowCount++ < foldAt) rows.push(f);
    } else if (cardlessCount++ < foldAt) cardless.push(f.flow);
  }
  return { columns, rows, rowCount, cardless, cardlessCount, extraScopes: o.scopes.some((s) => s.reasons.length > 0) };
}
