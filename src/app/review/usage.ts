import { lastSeenText, usageOf, type UsageEvidence } from '../usage/parse';
import { isReadScope } from '../../core/scopes';
import { NO_WRITE_SEEN, NOT_OBSERVABLE } from '../../core/wording';
import { stableStringify } from '../../output/stable-json';
import { markdownCode, markdownText } from '../../util/escape';
import type { Review } from './review';

/**
 * `review --usage FILE`: for each scope the change adds or removes, what the System Log showed of it
 * (writes and when the last was seen; reads are not observable). Pinned by the file's SHA-256.
 */

export interface ReviewUsageRow {
  org: string;
  scope: string;
  change: 'added' | 'removed';
  /** `3 writes, last seen 2026-12-01`, `not observable (reads are not logged)`, `not checked: usage.json has no result for this org`, … */
  lastSeen: string;
}

export function reviewUsageRows(r: Review, e: UsageEvidence, file: string): ReviewUsageRow[] {
  const rows: ReviewUsageRow[] = [];
  for (const o of r.orgs) {
    const u = usageOf(e, o.name, file);
    const text = (scope: string): string => {
      if (!u.checked) return `not checked: ${u.reason}`;
      const s = u.org.scopes.find((x) => x.scope === scope);
      return s ? lastSeenText(s) : isReadScope(scope) ? NOT_OBSERVABLE : NO_WRITE_SEEN;
    };
    for (const c of o.removed) rows.push({ org: o.name, scope: c.scope, change: 'removed', lastSeen: text(c.scope) });
    for (const c of o.added) rows.push({ org: o.name, scope: c.scope, change: 'added', lastSeen: text(c.scope) });
  }
  return rows;
}

export function reviewUsageMarkdown(rows: readonly ReviewUsageRow[], ref: { file: string; sha256: string }, e: UsageEvidence): string {
  const out = [
    '',
    `**Last seen** (System Log ${markdownText(e.since.slice(0, 10))} to ${markdownText(e.until.slice(0, 10))}, from ${markdownCode(ref.file)}, SHA-256 ${markdownCode(ref.sha256)}; Okta logs writes only):`,
    '',
  ];
  if (rows.length === 0) out.push('No scope is added or removed.');
  else {
    out.push('| org | scope | change | last seen |', '|---|---|---|---|');
    for (const r of rows) out.push(`| ${markdownText(r.org)} | ${markdownCode(r.scope)} | ${r.change} | ${markdownText(r.lastSeen)} |`);
  }
  return `${out.join('\n')}\n`;
}

/** The review's JSON with `usage: {file, sha256, since, until, scopes: rows}` added. */
export function reviewUsageJson(reviewJson: string, rows: readonly ReviewUsageRow[], ref: { file: string; sha256: string }, e: UsageEvidence): string {
  const doc = JSON.parse(reviewJson) as Record<string, unknown>;
  const keys = Object.keys(doc);
  const out = { ...doc, usage: { file: ref.file, sha256: ref.sha256, since: e.since, until: e.until, scopes: rows } };
  return `${stableStringify(out, { keyOrder: [...keys, 'usage', 'file', 'sha256', 'since', 'until', 'scopes', 'org', 'scope', 'change', 'lastSeen'] })}\n`;
}
