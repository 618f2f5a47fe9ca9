import { safeTextOutput } from '../../util/escape';
import type { ScanError, ScanReport, ScannedCall, ScannedCard, ScannedFlow } from './types';

// The JSON is built field by field in a fixed order (JSON.stringify keeps insertion order for these
// non-numeric keys), so the bytes depend only on the report, never on how its objects were assembled.

function callJson(c: ScannedCall): Record<string, unknown> {
  return {
    method: c.method,
    path: c.path,
    resolved: c.resolved,
    source: c.source,
    ...(c.placeholder !== undefined ? { placeholder: c.placeholder } : {}),
    ...(c.note !== undefined ? { note: c.note } : {}),
    endpoint: c.endpoint ? { method: c.endpoint.method, path: c.endpoint.path, operationId: c.endpoint.operationId } : null,
  };
}

function cardJson(c: ScannedCard): Record<string, unknown> {
  return {
    connector: c.connector,
    key: c.key,
    name: c.name,
    ref: c.ref,
    title: c.title,
    event: c.event,
    scopes: [...c.scopes],
    customApi: c.customApi ? callJson(c.customApi) : null,
    ...(c.unknown ? { unknown: c.unknown } : {}),
  };
}

function flowJson(f: ScannedFlow): Record<string, unknown> {
  return {
    name: f.name,
    id: f.id,
    ...(f.folder !== undefined ? { folder: f.folder } : {}),
    kind: f.kind,
    cards: f.cards.map(cardJson),
    otherCards: f.otherCards,
  };
}

export function errorJson(e: ScanError): Record<string, unknown> {
  return { file: e.file, code: e.code, reason: e.reason, ...(e.line !== undefined ? { line: e.line, column: e.column } : {}) };
}

/**
 * `scan --format json`: `{exports, unknownCards, errors, totals}`. Exports are sorted by file, flows by
 * name then id, cards in the reader's walk order (the order they appear in the export, sub-flow cards
 * where their container sits), unknown cards by connector then key.
 */
export function scanToJson(report: ScanReport): string {
  const t = report.totals;
  const doc = {
    exports: report.exports.map((e) => ({
      file: e.file,
      version: e.version,
      flows: e.flows.map(flowJson),
      stubs: [...e.stubs],
      warnings: [...e.warnings],
    })),
    unknownCards: report.unknownCards.map((u) => ({
      connector: u.connector,
      key: u.key,
      title: u.title,
      count: u.count,
      file: u.file,
      flow: u.flow,
      reason: u.reason,
    })),
    errors: report.errors.map(errorJson),
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    totals: {
      exports: t.exports,
      flows: t.flows,
      stubFlows: t.stubFlows,
      oktaCards: t.oktaCards,
      catalogConnectorCards: t.catalogConnectorCards,
      distinctCards: t.distinctCards,
      customApiCards: t.customApiCards,
      customApiMatched: t.customApiMatched,
      customApiUnresolved: t.customApiUnresolved,
      unknownCards: t.unknownCards,
      otherCards: t.otherCards,
      errors: t.errors,
      scopes: [...t.scopes],
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `Okta/Custom API Action GET /api/v1/users/{Read User.ID}` or the card's reference. */
export function cardLabel(c: ScannedCard): string {
  const base = c.ref ?? `${c.connector}/${c.key}`;
  if (!c.customApi) return base;
  const call = c.customApi;
  const target = call.resolved ? call.path ?? '' : call.placeholder ?? '(no URL)';
  return `${base} ${call.method ?? '?'} ${target}`;
}

function cardStatus(c: ScannedCard): string {
  if (c.unknown === 'connector-not-covered') return `not covered by the catalog (connector ${c.connector})`;
  if (c.unknown === 'card-not-in-catalog') {
    return c.scopes.length > 0 ? `not in the catalog; as an event card: ${c.scopes.join(' ')}` : 'not in the catalog';
  }
  const note = c.customApi?.note !== undefined ? ` (note: ${c.customApi.note})` : '';
  if (c.customApi) {
    if (!c.customApi.resolved) {
      return c.customApi.note !== undefined ? `path known only at run time: ${c.customApi.note}; declare the call by hand` : 'path known only at run time: declare the call by hand';
    }
    if (!c.customApi.endpoint) return `matches no Okta API endpoint${note}`;
  }
  return `${c.scopes.length > 0 ? c.scopes.join(' ') : '(no scope)'}${note}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `scan` in a terminal: each export, its flows with Okta-family cards, then totals. */
export function scanToText(report: ScanReport): string {
  const out: string[] = [];
  for (const e of report.exports) {
    out.push(`${e.file}  (format ${e.version})`);
    let quiet = 0;
    for (const f of e.flows) {
      if (f.cards.length === 0) {
        quiet++;
        continue;
      }
      const folder = f.folder !== undefined ? ` in ${f.folder}` : '';
      out.push(`  flow "${f.name}"${folder} (${f.kind})`);
      const labels = f.cards.map(cardLabel);
      const width = Math.min(60, Math.max(...labels.map((l) => l.length)));
      f.cards.forEach((c, i) => {
        const renamed = c.name !== null && c.title !== c.name ? `  titled "${c.title}"` : c.name === null ? `  "${c.title}"` : '';
        out.push(`    ${labels[i].padEnd(width)}  ${cardStatus(c)}${renamed}`);
      });
    }
    if (quiet > 0) out.push(`  ${plural(quiet, 'flow')} without Okta-family cards`);
    if (e.stubs.length > 0) out.push(`  references ${plural(e.stubs.length, 'flow')} it does not contain: ${e.stubs.join(', ')}`);
    for (const w of e.warnings) out.push(`  warning: ${w}`);
    out.push('');
  }
  if (report.unknownCards.length > 0) {
    out.push('Cards the catalog does not know:');
    for (const u of report.unknownCards) {
      const why = u.reason === 'connector-not-covered' ? 'not covered by the catalog' : 'not in the catalog (declare it under customCards)';
      out.push(`  ${u.connector}/${u.key}  ${plural(u.count, 'card')}, ${why}; first "${u.title}" in flow "${u.flow}" (${u.file})`);
    }
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push('Files that could not be read:');
    for (const e of report.errors) out.push(`  ${e.file}${e.line !== undefined ? `:${e.line}:${e.column}` : ''}: ${e.reason}`);
    out.push('');
  }
  const t = report.totals;
  out.push(
    `${plural(t.exports, 'export')}, ${plural(t.flows, 'flow')}${t.stubFlows > 0 ? ` (+${t.stubFlows} referenced, not exported)` : ''}, ` +
      `${plural(t.oktaCards, 'Okta-family card')} (${t.distinctCards} distinct), ` +
      `${plural(t.customApiCards, 'Custom API call')} (${t.customApiMatched} matched to an endpoint, ${t.customApiUnresolved} known only at run time), ` +
      `${plural(t.unknownCards, 'card')} the catalog does not know, ${plural(t.errors, 'unreadable file')}`,
  );
  out.push(`Scopes needed (${t.scopes.length}): ${t.scopes.length > 0 ? t.scopes.join(' ') : '(none)'}`);
  // Names come from exports and scopes.yaml: no escape codes, no line a CI runner reads as a command.
  return safeTextOutput(`${out.join('\n')}\n`);
}
