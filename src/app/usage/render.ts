import { COMMAND_FORMATS, render, type CommandFormat, type Renderers } from '../../output/format';
import { stableStringify } from '../../output/stable-json';
import { NO_WRITE_SEEN, NOT_OBSERVABLE, unexplainedWrites } from '../../core/wording';
import { markdownCode, markdownMessage, markdownText, safeTextOutput, textField } from '../../util/escape';
import type { OrgUsage, ScopeWrite, UnexplainedWrite, UsageReport } from './usage';

export type UsageFormat = CommandFormat<'usage'>;
export const USAGE_FORMATS: readonly UsageFormat[] = COMMAND_FORMATS.usage;

/** What every format says once: the log has writes only. */
export const READS_NOT_LOGGED =
  'Okta logs state-changing calls only: a read scope is not observable, and a scope with no write seen may still be used by reads or by flows that did not run in the window. No scope is called unused.';

export const USAGE_JSON_KEY_ORDER: readonly string[] = [
  'since', 'until', 'note', 'orgs', 'errors', 'org', 'checked', 'reason', 'events', 'scopes', 'unexplained',
  'scope', 'declared', 'observable', 'writes', 'method', 'path', 'eventType', 'why', 'count', 'lastSeen', 'code', 'message', 'hint',
];

function writeLabel(w: { method?: string; path: string; eventType: string; count: number; lastSeen: string }): string {
  return `${w.method ?? '(method not logged)'} ${w.path}  ${w.eventType}  ×${w.count}, last ${w.lastSeen}`;
}

/** `3 writes, 1 unexplained (…)`; a read scope is not observable, even where a write operation of it was seen. */
function scopeStatus(s: OrgUsage['scopes'][number], o: OrgUsage): string {
  const n = s.writes.reduce((a, w) => a + w.count, 0);
  const k = o.unexplained.filter((u) => u.scope === s.scope).reduce((a, u) => a + u.count, 0);
  const writes = `${n} write${n === 1 ? '' : 's'}${s.observable === 'not-observable' ? ' seen' : ''}${k === 0 ? '' : `, ${unexplainedWrites(k)}`}`;
  if (s.observable === 'not-observable') return n === 0 ? NOT_OBSERVABLE : `${NOT_OBSERVABLE}; ${writes}`;
  return n === 0 ? NO_WRITE_SEEN : writes;
}

function unexplainedWhy(u: UnexplainedWrite): string {
  return u.why === 'unmapped' ? 'no one scope\'s write operations match this path' : `needs ${u.scope ?? '?'}, which no declared card needs`;
}

export function usageText(r: UsageReport): string {
  const lines = [`Writes of the Workflows OAuth app's client, ${r.since} to ${r.until}`, `note: ${READS_NOT_LOGGED}`];
  for (const o of r.orgs) {
    lines.push('');
    if (!o.checked) {
      lines.push(`${textField(o.org)}: not checked: ${textField(o.reason ?? '')}`);
      continue;
    }
    lines.push(`${textField(o.org)}: ${o.events} event${o.events === 1 ? '' : 's'} of the app's client`);
    for (const s of o.scopes) {
      lines.push(`  ${s.scope}${s.declared ? '' : ' (not declared)'}: ${scopeStatus(s, o)}`);
      for (const w of s.writes) lines.push(`    ${textField(writeLabel(w))}`);
    }
    lines.push(o.unexplained.length ? `  unexplained writes (${o.unexplained.length}):` : '  unexplained writes: none');
    for (const u of o.unexplained) lines.push(`    ${textField(writeLabel(u))}: ${textField(unexplainedWhy(u))}`);
  }
  for (const e of r.errors) lines.push('', `${textField(e.org)}: not read: ${textField(e.message)}`);
  return safeTextOutput(`${lines.join('\n')}\n`);
}

export function usageMarkdown(r: UsageReport): string {
  const lines = [`## Writes of the Workflows OAuth app's client`, '', `${markdownText(r.since)} to ${markdownText(r.until)}. ${markdownMessage(READS_NOT_LOGGED)}`];
  const row = (w: ScopeWrite | UnexplainedWrite, extra = ''): string =>
    `| ${markdownCode(w.method ?? '—', { inTable: true })} | ${markdownCode(w.path, { inTable: true })} | ${markdownCode(w.eventType, { inTable: true })} | ${w.count} | ${markdownText(w.lastSeen)} |${extra}`;
  for (const o of r.orgs) {
    lines.push('', `### ${markdownText(o.org)}`, '');
    if (!o.checked) {
      lines.push(`Not checked: ${markdownMessage(o.reason ?? '', { inTable: false })}`);
      continue;
    }
    lines.push('| scope | declared | writes |', '|---|---|---|');
    for (const s of o.scopes) lines.push(`| ${markdownCode(s.scope, { inTable: true })} | ${s.declared ? 'yes' : 'no'} | ${markdownText(scopeStatus(s, o))} |`);
    const all = o.scopes.flatMap((s) => s.writes);
    if (all.length) {
      lines.push('', '| scope | method | path | event | count | last seen |', '|---|---|---|---|---|---|');
      for (const s of o.scopes) for (const w of s.writes) lines.push(`| ${markdownCode(s.scope, { inTable: true })} ${row(w)}`);
    }
    lines.push('', o.unexplained.length ? `Unexplained writes (${o.unexplained.length}):` : 'Unexplained writes: none.');
    if (o.unexplained.length) {
      lines.push('', '| method | path | event | count | last seen | why |', '|---|---|---|---|---|---|');
      for (const u of o.unexplained) lines.push(row(u, ` ${markdownMessage(unexplainedWhy(u), { inTable: true })} |`));
    }
  }
  for (const e of r.errors) lines.push('', `**${markdownText(e.org)}**: not read: ${markdownMessage(e.message)}`);
  return `${lines.join('\n')}\n`;
}

export function usageJson(r: UsageReport): string {
  return `${stableStringify({ since: r.since, until: r.until, note: READS_NOT_LOGGED, orgs: r.orgs, errors: r.errors }, { keyOrder: USAGE_JSON_KEY_ORDER })}\n`;
}

const RENDERERS: Renderers<UsageFormat, UsageReport, void> = { text: usageText, json: usageJson, markdown: usageMarkdown };

export function renderUsage(format: UsageFormat, r: UsageReport): string {
  return render(format, RENDERERS, r, undefined);
}
