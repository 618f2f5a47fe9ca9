import { safeTextOutput } from '../../util/escape';
import { stableStringify } from '../../output/stable-json';
import { formatLoc } from '../../util/diagnostics';
import type { CardInfo, Explanation, OrgGrant } from './explain';

/** Cards listed per scope in text; `--format json` has them all (event scopes need dozens). */
const MAX_CARDS = 10;

/** The JSON document's key order: the reading order of the text output. */
const KEY_ORDER: readonly string[] = [
  'verdict',
  'summary',
  'request',
  'error',
  'operations',
  'scopes',
  'resourceCards',
  'flows',
  'config',
  'likelyCause',
  'steps',
  'notes',
  'scope',
  'known',
  'description',
  'autoGranted',
  'risk',
  'level',
  'rationale',
  'cards',
  'orgs',
  'deniedBy',
  'ref',
  'connector',
  'kind',
  'confidence',
  'customApi',
  'calls',
  'moreCalls',
  'org',
  'status',
  'neededBy',
  'reasons',
  'coveredBy',
  'flow',
  'card',
  'because',
  'loc',
  'file',
  'line',
  'column',
  'method',
  'path',
  'operationId',
  'requires',
  'needsExplainedScope',
  'code',
  'loaded',
];

/** `--format json`: bytes depend only on the explanation. */
export function explanationToJson(e: Explanation): string {
  return `${stableStringify(e, { keyOrder: KEY_ORDER })}\n`;
}

function headline(e: Explanation): string {
  const scopes = e.scopes.map((s) => s.scope).join(', ');
  switch (e.verdict) {
    case 'missing-scope':
      return `Missing scope${e.scopes.length > 1 ? 's' : ''}: ${scopes}`;
    case 'scope':
      return `Scope: ${scopes}`;
    case 'endpoint': {
      const op = e.operations[0];
      return `${op.method} ${op.path} needs: ${scopes || 'no scope'}`;
    }
    case 'missing-permission':
      return 'Missing admin permission (E0000006), not a missing scope';
    case 'invalid-token':
      return 'Invalid token, not a missing scope';
    case 'other-error':
      return `Error ${e.error?.code ?? ''}, not a missing scope`;
  }
}

function cardLine(c: CardInfo): string {
  const inferred = c.confidence === 'inferred' ? ' (scopes inferred from its endpoint)' : c.confidence === 'analogy' ? ' (a scope follows an analogous stated card)' : '';
  if (!c.customApi) return `${c.ref}${c.kind === 'event' ? ' (event)' : ''}${inferred}`;
  const more = c.moreCalls ? ` and ${c.moreCalls} more` : '';
  return `${c.ref} calls to ${(c.calls ?? []).join(', ')}${more}`;
}

function grantLine(g: OrgGrant, all: boolean): string {
  switch (g.status) {
    case 'auto-granted':
      return `${g.org}: auto-granted (default scope)`;
    case 'default-unlisted':
      return `${g.org}: not listed (no card of this org calls with it): granted by default with the connection, but an apply of the generated stack revokes it; list it under extraScopes with a reason to keep it`;
    case 'granted': {
      const why = [...g.neededBy, ...g.reasons.map((r) => `extraScopes: ${r}`)];
      const shown = all ? why : why.slice(0, 3);
      const more = why.length > shown.length ? `, and ${why.length - shown.length} more (--all lists them)` : '';
      return `${g.org}: granted (needed by ${shown.join('; ')}${more})`;
    }
    case 'not-granted':
      return `${g.org}: not granted${g.coveredBy ? ` (${g.coveredBy} is, which Okta says covers it; grant the scope itself too)` : ''}`;
  }
}

/** The terminal view: what happened, what is involved, whether it is granted, and the numbered fix. */
export function explanationToText(e: Explanation, opts: { all?: boolean } = {}): string {
  const all = opts.all === true;
  const out: string[] = [headline(e), e.summary];
  if (e.error?.description && e.verdict !== 'missing-permission') out.push(`Okta: ${e.error.description}`);

  if (e.operations.length > 0) {
    out.push('');
    if (e.verdict === 'missing-scope' && e.request && e.operations.length > 1) {
      out.push(`Okta API operations at ${e.request.path} (the header does not say which method, so each is listed):`);
    } else out.push(e.request?.method === undefined && e.request ? `Okta API operation at ${e.request.path}:` : 'Okta API operation:');
    const mw = Math.max(...e.operations.map((o) => o.method.length));
    for (const o of e.operations) {
      const needs = o.requires.length > 0 ? `needs ${o.requires.join(' + ')}` : 'needs no scope';
      out.push(`  ${o.method.padEnd(mw)} ${o.path}  ${o.operationId}  ${needs}`);
    }
  }
  if (e.resourceCards.length > 0) {
    out.push('', e.resourceCards.length > 1 ? 'Cards that call it:' : 'Card that calls it:');
    for (const c of e.resourceCards) out.push(`  ${cardLine(c)}`);
  }

  for (const s of e.scopes) {
    out.push('', `${s.scope}  (${s.risk.level} risk: ${s.risk.rationale})`);
    if (s.description) out.push(`  ${s.description}`);
    if (s.autoGranted) out.push('  A default scope: auto-granted when the connection is authorized.');
    if (s.cards.length > 0) {
      out.push('  Cards that need it:');
      const shown = all ? s.cards : s.cards.slice(0, MAX_CARDS);
      for (const c of shown) out.push(`    ${cardLine(c)}`);
      if (s.cards.length > shown.length) out.push(`    … and ${s.cards.length - shown.length} more (--all or --format json lists them)`);
    }
    if (s.orgs.length > 0) {
      out.push(`  In ${e.config.file}:`);
      for (const g of s.orgs) out.push(`    ${grantLine(g, all)}`);
    }
  }

  const what = e.verdict === 'scope' ? (e.scopes.length > 1 ? 'need these scopes' : 'need it') : 'use these cards or call this endpoint';
  if (e.flows.length > 0) {
    out.push('', `Flows in ${e.config.file} that ${what}:`);
    for (const f of e.flows) {
      const orgs = f.orgs ? ` [${f.orgs.join(', ')}]` : '';
      out.push(`  ${f.flow}${orgs}: ${f.card} (${f.because.join('; ')})  ${formatLoc(f.loc)}`);
    }
  } else if (e.config.loaded && e.scopes.length > 0) {
    out.push('', `No flow in ${e.config.file} ${e.verdict === 'scope' ? 'needs it' : 'uses these cards or calls this endpoint'}.`);
  }

  if (e.likelyCause) out.push('', `Likely cause: ${e.likelyCause}`);
  if (e.steps.length > 0) {
    out.push('', 'Fix:');
    e.steps.forEach((step, i) => out.push(`  ${i + 1}. ${step}`));
  }
  if (e.notes.length > 0) {
    out.push('');
    for (const n of e.notes) out.push(`Note: ${n}`);
  }
  // Names come from exports and scopes.yaml: no escape codes, no line a CI runner reads as a command.
  return safeTextOutput(`${out.join('\n')}\n`);
}
