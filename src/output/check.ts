import type { Need, Reason, ResolvedScope, Resolution } from '../core/resolve/types';
import { riskOf, type RiskLevel } from '../core/risk';
import { cardLabel } from '../core/wording';
import { appendFindings } from './findings/json';
import { writeStableJson } from './stable-json';
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
  let out = '';
  writeResolutionJson(resolution, warnings, findings, ctx, (chunk) => (out += chunk));
  return out;
}

/**
 * resolutionToJson's text in pieces: 60 orgs x 50,000 flows make a document longer than a string can
 * be. A scope that orgs share (see resolve) is written once and its text handed on for each org.
 */
export function writeResolutionJson(
  resolution: Resolution,
  warnings: Diagnostic[],
  findings: readonly Finding[],
  ctx: Pick<FindingContext, 'baseDir' | 'cwd'>,
  sink: (chunk: string) => void,
): void {
  // The needs, nearly all of the document, are written by needsJson; the rest by the stable writer.
  const needLists = new Set<object>();
  const tails: NeedTails = new Map();
  const raw = (v: object, depth: number, put: (text: string) => void): boolean => {
    if (!needLists.has(v)) return false;
    needsJson(v as readonly Need[], depth, tails, put);
    return true;
  };
  const scopeJson = new Map<ResolvedScope, object>();
  const repeated = new Set<object>();
  const jsonOf = (s: ResolvedScope): object => {
    let json = scopeJson.get(s);
    if (json) repeated.add(json);
    else {
      needLists.add(s.neededBy);
      scopeJson.set(s, (json = { scope: s.scope, neededBy: s.neededBy, reasons: s.reasons.map((r) => r.reason), risk: riskJson(s.scope) }));
    }
    return json;
  };
  const doc = {
    orgs: resolution.orgs.map((org) => ({
      name: org.name,
      domain: org.domain,
      issuer: org.issuer,
      app: { label: org.app.label, ...(org.app.id ? { id: org.app.id } : {}) },
      scopes: org.scopes.map(jsonOf),
    })),
    warnings: warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.loc ? { file: w.loc.file, line: w.loc.line, column: w.loc.column } : {}),
      ...(w.hint ? { hint: w.hint } : {}),
    })),
  };
  // The findings close the document: every chunk but the last goes out as it comes.
  let last = '';
  writeStableJson(doc, { keyOrder: CHECK_JSON_KEYS, repeated, raw }, (chunk) => {
    if (last) sink(last);
    last = chunk;
  });
  sink(appendFindings(last, findings, ctx));
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

/**
 * The text after a need's flow, by depth: a card's by connector and card name (maps keyed by the
 * strings themselves, so that the look-up made for each need builds no key), a call's by its text.
 */
type NeedTails = Map<number, { cards: Map<string, Map<string, string>>; calls: Map<string, string> }>;

/**
 * A list of needs as the stable writer writes `neededBy.map(needToJson)` at `depth` (two-space
 * indent, CHECK_JSON_KEYS order), built directly: the text after a need's flow is the same for every
 * use of its card (or call), so it is built once and kept in `tails`.
 */
function needsJson(needs: readonly Need[], depth: number, tails: NeedTails, put: (text: string) => void): void {
  if (needs.length === 0) return put('[]');
  const item = `\n${'  '.repeat(depth + 1)}`;
  const member = `${item}  `;
  let flow: string | undefined;
  let head = '';
  put('[');
  for (let i = 0; i < needs.length; i++) {
    const n = needs[i];
    if (n.flow !== flow) head = `${item}{${member}"flow": ${JSON.stringify((flow = n.flow))}`;
    if (i > 0) put(',');
    put(head);
    put(needTail(n, depth, tails));
  }
  put(`${item.slice(0, -2)}]`);
}

/** `,"connector": …, "card": …[, "call": {…}]` and the need's closing brace, at `depth` as in needsJson. */
function needTail(n: Need, depth: number, tails: NeedTails): string {
  let atDepth = tails.get(depth);
  if (atDepth === undefined) tails.set(depth, (atDepth = { cards: new Map(), calls: new Map() }));
  let byKey: Map<string, string> | undefined;
  let key: string;
  if (n.call) {
    byKey = atDepth.calls;
    key = `${n.connector}\u0000${n.card}\u0000${n.call.method}\u0000${n.call.path}\u0000${n.call.operationId}`;
  } else {
    byKey = atDepth.cards.get(n.connector);
    if (byKey === undefined) atDepth.cards.set(n.connector, (byKey = new Map()));
    key = n.card;
  }
  let tail = byKey.get(key);
  if (tail === undefined) {
    const item = `\n${'  '.repeat(depth + 1)}`;
    const member = `${item}  `;
    const inner = `${member}  `;
    tail = `,${member}"connector": ${JSON.stringify(n.connector)},${member}"card": ${JSON.stringify(n.card)}`;
    if (n.call) {
      const c = n.call;
      tail += `,${member}"call": {${inner}"method": ${JSON.stringify(c.method)},${inner}"path": ${JSON.stringify(c.path)},${inner}"operationId": ${JSON.stringify(c.operationId)}${member}}`;
    }
    byKey.set(key, (tail = `${tail}${item}}`));
  }
  return tail;
}

/** Reasons shown per scope before `… and N more` (`--all` shows every one). */
const MAX_REASONS = 5;

/** A terminal view: per org, each scope, its risk level, and the flows/cards (or reasons) behind it. */
export function resolutionToText(resolution: Resolution, opts: { all?: boolean } = {}): string {
  const lines: string[] = [];
  // Orgs that resolve alike share their scope objects (see resolve): each is summarised once.
  const summaries = new Map<ResolvedScope, string[]>();
  for (const org of resolution.orgs) {
    const app = org.app.id ? `app ${org.app.id}` : `app labelled "${org.app.label}"`;
    lines.push(`${org.name}  ${org.issuer}  (${app})`);
    if (org.scopes.length === 0) lines.push('  (no scopes)');
    const width = Math.max(0, ...org.scopes.map((s) => s.scope.length));
    for (const s of org.scopes) {
      let shown = summaries.get(s);
      if (!shown) summaries.set(s, (shown = scopeLines(s, opts.all ? Infinity : MAX_REASONS)));
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

/**
 * Why a scope is granted, as the text view shows it: one line per flow (its cards), then the reasons,
 * at most `max` (MAX_REASONS, or all with --all) and a count of the rest. Only the lines shown are built: a scope of a large
 * declaration has a need from each of 50,000 flows in each org. Needs come sorted by flow from the
 * resolver, so a flow's cards are adjacent; a list in another order is grouped as it comes.
 */
function scopeLines(s: ResolvedScope, max: number): string[] {
  const shown: string[] = [];
  const needs = s.neededBy;
  let flows = 0;
  for (let i = 0; i < needs.length; ) {
    const flow = needs[i].flow;
    let end = i + 1;
    while (end < needs.length && needs[end].flow === flow) end++;
    if (end < needs.length && needs[end].flow < flow) return groupedLines(s, max);
    if (shown.length < max) shown.push(`${flow}: ${[...new Set(needs.slice(i, end).map(cardLabel))].join(', ')}`);
    flows++;
    i = end;
  }
  for (const r of s.reasons.slice(0, Math.max(0, max - shown.length))) shown.push(reasonLine(r));
  const total = flows + s.reasons.length;
  if (total > shown.length) shown.push(`… and ${total - shown.length} more (--all lists them)`);
  return shown;
}

/** scopeLines for needs in no particular order: every flow's cards gathered first. */
function groupedLines(s: ResolvedScope, max: number): string[] {
  const byFlow = new Map<string, string[]>();
  for (const n of s.neededBy) byFlow.set(n.flow, [...(byFlow.get(n.flow) ?? []), cardLabel(n)]);
  const why = [...byFlow].map(([flow, cards]) => `${flow}: ${[...new Set(cards)].join(', ')}`);
  for (const r of s.reasons) why.push(reasonLine(r));
  const shown = why.slice(0, max);
  if (why.length > shown.length) shown.push(`… and ${why.length - shown.length} more (--all lists them)`);
  return shown;
}

function reasonLine(r: Reason): string {
  return r.kind === 'connector-default' ? `default: ${r.reason}` : `extraScopes: ${r.reason}`;
}

/** Warnings for a terminal; a hint shared by several warnings (the inferred-card one) is said once. */
export function warningsToText(warnings: Diagnostic[]): string {
  return formatDiagnostics(warnings);
}
