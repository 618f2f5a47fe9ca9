import { applyItemNote } from '../../core/drift/apply-item';
import { approvingLine, extraDefaultEffect, sourceLabel, UNDECLARED_GRANT } from '../../core/wording';
import { markdownCode, markdownText } from '../../util/escape';
import type { LiveItem, OrgLive } from './live';

/**
 * The decision block that opens an org's section with `review --drift`: what the app holds now, what
 * approving grants and revokes from there (a revoked connection default leads, as an alert), and a
 * line when the app does not hold what the base declares. The report's block says the same facts
 * (src/app/report/decision-view.ts).
 */

/** Without --drift: said once, after the "Compared" line, not per org. */
export const LIVE_NOT_CHECKED = 'What the app holds now: not checked (no --drift given).';

/** A list of the block shows this many items, then "and N more" (the most important first). */
const SHOWN = 8;

const code = (s: string): string => markdownCode(s, { inTable: false });

function itemMarkdown(x: LiveItem): string {
  const note = applyItemNote(x);
  return `${code(x.scope)} (${x.risk === 'high' ? '**high**' : x.risk}${note ? `, ${markdownText(note)}` : ''})`;
}

function listMarkdown(items: readonly LiveItem[]): string {
  if (items.length === 0) return 'nothing';
  const shown = items.slice(0, SHOWN).map(itemMarkdown);
  return `${shown.join(', ')}${items.length > SHOWN ? `, and ${items.length - SHOWN} more` : ''}`;
}

function scopes(xs: readonly string[]): string {
  const shown = xs.slice(0, SHOWN).map(code);
  return `${shown.join(', ')}${xs.length > SHOWN ? `, and ${xs.length - SHOWN} more` : ''}`;
}

/** The block's lines (ending with a blank line), for an org's section. */
export function liveMarkdown(live: OrgLive): string[] {
  if (live.kind === 'not-checked') {
    const what = live.failed ? `**NOT CHECKED**: the diff could not read this org (${markdownText(live.failed.code)}: ${markdownText(live.failed.message)})` : `not checked (${markdownText(live.why)})`;
    return [`- **The app holds now:** ${what}.`, ''];
  }
  const out: string[] = [];
  const adds = live.apply?.adds ?? [];
  const revokes = live.apply?.revokes ?? [];
  const defaults = revokes.filter((r) => r.breaks);
  if (live.apply) {
    const high = [...revokes, ...adds].filter((x) => x.risk === 'high').length;
    out.push(`**${markdownText(approvingLine({ adds: adds.length, revokes: revokes.length, high, connectionDefaults: defaults.length, unknown: live.unknown.length, declared: live.declaredScopes }))}**`, '');
  }
  for (const x of defaults) out.push(`> **Revokes the connection default ${code(x.scope)}**: ${markdownText(extraDefaultEffect(x.breaks ?? []))}.`, '');
  const high = live.high.length ? live.high.map((x) => (x.declared ? code(x.scope) : `**${code(x.scope)} (${UNDECLARED_GRANT})**`)).join(', ') : 'none';
  const unknown = live.unknown.length ? `; **${live.unknown.length} grant${live.unknown.length === 1 ? '' : 's'} of unknown status**: ${scopes(live.unknown)}` : '';
  out.push(`- **The app holds now:** ${live.count} granted (${sourceLabel(live.source)}) vs ${live.declaredScopes} declared; high risk held: ${high}${unknown}.`);
  if (live.apply) {
    out.push(`- **Approving grants (${adds.length}):** ${listMarkdown(adds)}`);
    out.push(`- **Approving revokes (${revokes.length}):** ${listMarkdown(revokes)}`);
  } else {
    out.push('- **Approving:** no apply changes these grants (no stack for this org).');
  }
  if (live.baseDiffers) {
    const b = live.baseDiffers;
    const parts = [b.undeclared.length ? `holds ${scopes(b.undeclared)}, which the base does not declare` : '', b.lacking.length ? `lacks ${scopes(b.lacking)}, which the base declares` : ''].filter(Boolean);
    out.push(`- **The app differs from the base declaration:** it ${parts.join(', and ')}. The tables below compare the change with its base; approving applies the new declaration to what the app holds, so the lines above are what an apply does.`);
  }
  out.push('');
  return out;
}
