import { lastSeenText, usageOf, type UsageEvidence } from '../usage/parse';
import { htmlText as h, markdownCode, markdownText as md } from '../../util/escape';

/**
 * The access report's last-seen evidence (`--usage`): per org of the report, each scope's writes and
 * when the last was seen, the unexplained writes, and what the log cannot show (reads).
 */

const NOTE = 'Okta logs writes only: a read scope is not observable, and no write seen is not proof that a scope is unused.';

/** Each org of the report, whether the usage result covers it or not (then it says why: never silence). */
export function usageSectionMarkdown(e: UsageEvidence, file: string, names: readonly string[]): string[] {
  const out = ['## Last seen (System Log)', '', `${md(e.since)} to ${md(e.until)}. ${md(NOTE)}`, ''];
  for (const name of names) {
    out.push(`### ${md(name)}`, '');
    const cov = usageOf(e, name, file);
    if (!cov.checked) {
      out.push(`Not checked: ${md(cov.reason)}`, '');
      continue;
    }
    const o = cov.org;
    out.push('| scope | last seen |', '|---|---|');
    for (const s of o.scopes) out.push(`| ${markdownCode(s.scope)} | ${md(lastSeenText(s))} |`);
    out.push('');
    if (o.unexplained.length) {
      out.push(`Unexplained writes (${o.unexplained.length}): ${o.unexplained.map((u) => `${markdownCode(`${u.method ?? ''} ${u.path}`.trim(), { inTable: false })} (last ${md(u.lastSeen.slice(0, 10))})`).join(', ')}`, '');
    }
  }
  return out;
}

export function usageSectionHtml(e: UsageEvidence, file: string, names: readonly string[]): string {
  const out = ['<section class="usage" aria-label="Last seen">', '<h2>Last seen (System Log)</h2>', `<p>${h(e.since)} to ${h(e.until)}. ${h(NOTE)}</p>`];
  for (const name of names) {
    out.push(`<h3>${h(name)}</h3>`);
    const cov = usageOf(e, name, file);
    if (!cov.checked) {
      out.push(`<p>Not checked: ${h(cov.reason)}</p>`);
      continue;
    }
    const o = cov.org;
    out.push('<table><thead><tr><th>scope</th><th>last seen</th></tr></thead><tbody>');
    for (const s of o.scopes) out.push(`<tr><td><code>${h(s.scope)}</code></td><td>${h(lastSeenText(s))}</td></tr>`);
    out.push('</tbody></table>');
    if (o.unexplained.length) {
      out.push(`<p>Unexplained writes (${o.unexplained.length}): ${o.unexplained.map((u) => `<code>${h(`${u.method ?? ''} ${u.path}`.trim())}</code> (last ${h(u.lastSeen.slice(0, 10))})`).join(', ')}</p>`);
    }
  }
  out.push('</section>');
  return out.join('\n');
}
