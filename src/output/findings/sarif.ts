import * as path from 'node:path';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { artifactUri } from './paths';
import { RULES, RULE_LIST, helpUri, ruleIndex } from '../../rules/registry';
import { withFix, type Finding, type FindingContext, type FindingLoc } from '../../rules/finding';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * Key order of the emitted log: the usual SARIF reading order. The builders below follow it; a test
 * checks the output against stableStringify with this order.
 */
export const SARIF_KEY_ORDER: readonly string[] = [
  '$schema', 'id', 'name', 'version', 'informationUri', 'runs', 'tool', 'driver', 'rules',
  'shortDescription', 'fullDescription', 'help', 'helpUri', 'defaultConfiguration', 'columnKind', 'results',
  'ruleId', 'ruleIndex', 'level', 'message', 'text', 'markdown', 'locations', 'relatedLocations',
  'physicalLocation', 'artifactLocation', 'uri', 'region', 'startLine', 'startColumn', 'suppressions', 'properties',
];

/** The whole registry, in id order, so that a rule's index is the same in every command's log. */
export function sarifRules(homepage?: string): ReportingDescriptor[] {
  // Keys in SARIF_KEY_ORDER (see below).
  return RULE_LIST.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: r.help },
    helpUri: helpUri(r, homepage),
    defaultConfiguration: { level: r.level },
  }));
}

// Every object below is built with its keys in SARIF_KEY_ORDER, so that plain JSON.stringify (which
// keeps insertion order; no key here is integer-like) writes the same bytes as stableStringify, at a
// fraction of its cost on logs with tens of thousands of results.

function physical(loc: FindingLoc, ctx: FindingContext): Location['physicalLocation'] {
  const uri = artifactUri(path.resolve(ctx.cwd, loc.file), ctx.baseDir);
  if (loc.line === undefined) return { artifactLocation: { uri } };
  return { artifactLocation: { uri }, region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column ?? 1) } };
}

/** Alphabetical, as stableStringify orders keys it has no rank for. */
function sortedProperties(f: Finding): Record<string, unknown> | undefined {
  const all: Record<string, unknown> = { ...f.properties };
  if (f.org !== undefined) all.org = f.org;
  if (f.scope !== undefined) all.scope = f.scope;
  if (f.flow !== undefined) all.flow = f.flow;
  if (f.card !== undefined) all.card = f.card;
  if (f.code !== undefined) all.code = f.code;
  if (f.flag !== undefined) all.flag = f.flag;
  const keys = Object.keys(all).sort();
  if (keys.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = all[k];
  return out;
}

function result(f: Finding, ctx: FindingContext): Result {
  // Messages never name their org (GitHub and Markdown merge orgs): every renderer says it.
  const text = `${f.org !== undefined ? `org ${f.org}: ` : ''}${withFix(f)}`;
  const r: Result = { ruleId: RULES[f.rule].id, ruleIndex: ruleIndex(f.rule), level: f.level, message: { text } };
  if (f.loc) r.locations = [{ physicalLocation: physical(f.loc, ctx) }];
  if (f.related && f.related.length > 0) {
    r.relatedLocations = f.related.map((x, i) => ({ id: i + 1, message: { text: x.message }, physicalLocation: physical(x.loc, ctx) }));
  }
  if (f.suppressed) {
    const until = f.suppressed.expires ? ` (until ${f.suppressed.expires})` : '';
    // Unranked keys, so alphabetical (as stableStringify writes them).
    r.suppressions = [{ justification: `${f.suppressed.reason}${until}`, kind: 'inSource', status: 'accepted' }];
  }
  const properties = sortedProperties(f);
  if (properties) r.properties = properties;
  return r;
}

/**
 * One SARIF 2.1.0 log of one run, whichever command made the findings: every rule of the registry
 * (so ids and indexes agree across commands), results in the order given, stable key order and no
 * timestamps, so that equal findings give byte-identical files.
 */
export function findingsToSarif(findings: readonly Finding[], ctx: FindingContext): string {
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'wf-scopes', version: ctx.toolVersion, informationUri: ctx.homepage, rules: sarifRules(ctx.homepage) } },
        // Columns come from the YAML parser's offsets into a JavaScript string.
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => result(f, ctx)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
