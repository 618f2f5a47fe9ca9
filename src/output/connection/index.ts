import { day, findingMessage } from '../../core/connection/compare';
import type { ConnectionStatus, ConnectionView } from '../../core/connection/types';
import { connectionFindings } from '../../rules/connection';
import { findingToJson } from '../findings/json';
import { markdownMessage, markdownText, safeTextOutput, textField } from '../../util/escape';
import { stableStringify } from '../stable-json';

/**
 * `diff --connection`'s section: per org, each connection's newest token and the scopes it carries,
 * then what it does not carry. Appended to the grants diff in text and markdown, and merged into its
 * JSON as `connection` (plus the WFS008-010 findings).
 */

function connectionLine(v: ConnectionView): string {
  const reauth = v.lastReauthorized ? `, last reauthorized ${day(v.lastReauthorized)}` : '';
  return `connection of user ${v.user}: newest token ${day(v.tokenIssued)} (${v.source})${reauth}; carries ${v.scopes.length ? v.scopes.join(', ') : 'no scope'}`;
}

export function connectionText(statuses: readonly ConnectionStatus[]): string {
  const lines: string[] = ['', 'Connection (the Okta connections\' tokens against the grants):'];
  for (const s of statuses) {
    const org = textField(s.org);
    if (!s.checked) {
      lines.push(`  ${org}: not checked: ${textField(s.reasons.join('; '))}`);
      continue;
    }
    lines.push(`  ${org}: ${s.findings.length === 0 ? 'every connection carries the granted scopes' : findingCount(s.findings.length)} (log window ${day(s.since)} to ${day(s.until)})`);
    for (const v of s.connections) lines.push(`    ${textField(connectionLine(v))}`);
    for (const f of s.findings) lines.push(`    ${f.kind === 'not-carried' ? '✗' : '!'} ${textField(findingMessage(f))}`);
    for (const d of s.disagreements) lines.push(`    sources disagree: ${textField(d)}`);
    for (const r of s.reasons) lines.push(`    note: ${textField(r)}`);
  }
  return safeTextOutput(`${lines.join('\n')}\n`);
}

export function connectionMarkdown(statuses: readonly ConnectionStatus[]): string {
  const lines: string[] = ['', '### Connection', ''];
  for (const s of statuses) {
    if (!s.checked) {
      lines.push(`- **${markdownText(s.org)}**: not checked: ${markdownMessage(s.reasons.join('; '))}`);
      continue;
    }
    lines.push(`- **${markdownText(s.org)}**: ${s.findings.length === 0 ? 'every connection carries the granted scopes' : findingCount(s.findings.length)}`);
    for (const v of s.connections) lines.push(`  - ${markdownMessage(connectionLine(v))}`);
    for (const f of s.findings) lines.push(`  - ${f.kind === 'not-carried' ? '❌' : '⚠️'} ${markdownMessage(findingMessage(f))}`);
    for (const d of s.disagreements) lines.push(`  - sources disagree: ${markdownMessage(d)}`);
    for (const r of s.reasons) lines.push(`  - note: ${markdownMessage(r)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The diff's JSON document with `connection` (one entry per org) and the connection findings added. */
export function mergeConnectionJson(diffJson: string, statuses: readonly ConnectionStatus[], ctx: { baseDir: string; keyOrder: readonly string[] }): string {
  const doc = JSON.parse(diffJson) as Record<string, unknown>;
  const findings = Array.isArray(doc.findings) ? (doc.findings as unknown[]) : [];
  for (const f of connectionFindings(statuses)) findings.push(findingToJson(f, { baseDir: ctx.baseDir, cwd: ctx.baseDir }));
  const out = { ...doc, connection: statuses.map((s) => ({ ...s, findings: s.findings.map((f) => ({ ...f, message: findingMessage(f) })) })), findings };
  return `${stableStringify(out, { keyOrder: ['orgs', 'errors', 'connection', 'findings', ...ctx.keyOrder] })}\n`;
}

/** `1 finding`, `2 findings`: text and markdown say it alike. */
function findingCount(n: number): string {
  return `${n} finding${n === 1 ? '' : 's'}`;
}
