import * as path from 'node:path';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { stableStringify } from '../report/stable-json';
import { artifactUri } from './paths';
import { RULES, RULE_LIST, helpUri, ruleIndex } from './rules';
import { withFix, type Finding, type FindingContext, type FindingLoc } from './types';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Key order of the emitted log: the usual SARIF reading order; other keys follow alphabetically. */
const SARIF_KEY_ORDER: readonly string[] = [
  '$schema', 'id', 'name', 'version', 'informationUri', 'runs', 'tool', 'driver', 'rules',
  'shortDescription', 'fullDescription', 'help', 'helpUri', 'defaultConfiguration', 'columnKind', 'results',
  'ruleId', 'ruleIndex', 'level', 'message', 'text', 'markdown', 'locations', 'relatedLocations',
  'physicalLocation', 'artifactLocation', 'uri', 'region', 'startLine', 'startColumn', 'properties',
];

/** The whole registry, in id order, so that a rule's index is the same in every command's log. */
export function sarifRules(homepage?: string): ReportingDescriptor[] {
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

function location(loc: FindingLoc, ctx: FindingContext): Location {
  const uri = artifactUri(path.resolve(ctx.cwd, loc.file), ctx.baseDir);
  if (loc.line === undefined) return { physicalLocation: { artifactLocation: { uri } } };
  return {
    physicalLocation: {
      artifactLocation: { uri },
      region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column ?? 1) },
    },
  };
}

function result(f: Finding, ctx: FindingContext): Result {
  // Messages never name their org (GitHub and Markdown merge orgs): every renderer says it.
  const message = `${f.org !== undefined ? `org ${f.org}: ` : ''}${withFix(f)}`;
  const r: Result = { ruleId: RULES[f.rule].id, ruleIndex: ruleIndex(f.rule), level: f.level, message: { text: message } };
  if (f.loc) r.locations = [location(f.loc, ctx)];
  if (f.related && f.related.length > 0) {
    r.relatedLocations = f.related.map((x, i) => ({ id: i + 1, ...location(x.loc, ctx), message: { text: x.message } }));
  }
  const properties: Record<string, unknown> = {
    ...(f.org !== undefined ? { org: f.org } : {}),
    ...(f.scope !== undefined ? { scope: f.scope } : {}),
    ...(f.flow !== undefined ? { flow: f.flow } : {}),
    ...(f.card !== undefined ? { card: f.card } : {}),
    ...(f.code !== undefined ? { code: f.code } : {}),
    ...(f.flag !== undefined ? { flag: f.flag } : {}),
    ...f.properties,
  };
  if (Object.keys(properties).length > 0) r.properties = properties;
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
  return `${stableStringify(log, { keyOrder: SARIF_KEY_ORDER })}\n`;
}
