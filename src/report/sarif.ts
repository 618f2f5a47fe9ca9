import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { sortReport } from '../drift/order';
import type { CoveredScope, DriftReport, ExtraScope, MissingScope, OrgDrift, OrgError } from '../drift/types';
import type { SourceLoc } from '../util/diagnostics';
import type { ReportContext } from './context';
import { stableStringify } from './stable-json';
import { EXTRA_EFFECT, MISSING_EFFECT, REAUTHORIZE, extraDefaultEffect, needLabel, planActionEffect, revokedEffect, sentence, sourceLabel } from './wording';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export const RULE_MISSING = 'WFS001';
export const RULE_EXTRA = 'WFS002';
export const RULE_COVERED = 'WFS003';
export const RULE_UNSAFE_PLAN = 'WFS004';
export const RULE_ORG_ERROR = 'WFS005';

/** Rule order is fixed: results refer to rules by index too. */
const RULES: ReportingDescriptor[] = [
  {
    id: RULE_MISSING,
    name: 'missing-scope',
    shortDescription: { text: 'A scope a Workflows card needs is not granted' },
    fullDescription: {
      text:
        `A card that calls the Okta API through the Okta Workflows OAuth app fails with ${MISSING_EFFECT} ` +
        'when the app lacks the scope the API requires.',
    },
    help: {
      text: `Grant the scope: apply the generated stack. ${REAUTHORIZE}`,
      markdown: `Grant the scope: apply the generated stack.\n\n${REAUTHORIZE}`,
    },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: RULE_EXTRA,
    name: 'extra-scope',
    shortDescription: { text: 'A granted scope is not declared' },
    fullDescription: {
      text:
        'The Okta Workflows OAuth app holds a scope that no declared card needs and no extraScopes entry ' +
        `lists; the generated stack is authoritative, so ${EXTRA_EFFECT}.`,
    },
    help: {
      text: 'Remove the grant, or keep it by listing it under extraScopes in scopes.yaml with a reason.',
      markdown: 'Remove the grant, or keep it by listing it under `extraScopes` in `scopes.yaml` with a reason.',
    },
    defaultConfiguration: { level: 'warning' },
  },
  {
    id: RULE_COVERED,
    name: 'covered-by-broader',
    shortDescription: { text: 'A required .read is held only through its .manage' },
    fullDescription: {
      text:
        'No card fails: the .manage scope does everything its .read does. But the generated stack lists the .read, ' +
        'so an apply still changes the grants (terraform plan shows it).',
    },
    help: { text: 'Apply the generated stack to add the .read.', markdown: 'Apply the generated stack to add the `.read`.' },
    defaultConfiguration: { level: 'warning' },
  },
  {
    id: RULE_UNSAFE_PLAN,
    name: 'plan-revokes-grants',
    shortDescription: { text: 'The plan revokes grants that running flows need' },
    fullDescription: {
      text:
        'The plan replaces or deletes the authoritative grants resource (every grant is revoked), or revokes a grant ' +
        'that a declared card needs or that a connection holds by default.',
    },
    help: {
      text: 'Do not apply this plan. Keep prevent_destroy on the grants, re-synthesize from scopes.yaml and plan again.',
      markdown: 'Do not apply this plan. Keep `prevent_destroy` on the grants, re-synthesize from `scopes.yaml` and plan again.',
    },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: RULE_ORG_ERROR,
    name: 'org-not-compared',
    shortDescription: { text: 'An org could not be read, so its drift is unknown' },
    fullDescription: {
      text:
        'wf-scopes could not read the grants of this org (credentials, 401/403, timeout, a malformed answer). ' +
        'Its drift is unknown: it is not in sync, and the other orgs are still reported.',
    },
    help: {
      text: 'Fix what the message names (usually the credentials of the org: its envPrefix variables), then run diff again.',
      markdown: 'Fix what the message names (usually the credentials of the org: its `envPrefix` variables), then run `wf-scopes diff` again.',
    },
    defaultConfiguration: { level: 'error' },
  },
];

/** Key order of the emitted log: the usual SARIF reading order; other keys follow alphabetically. */
const SARIF_KEY_ORDER: readonly string[] = [
  '$schema',
  'id',
  'name',
  'version',
  'informationUri',
  'runs',
  'tool',
  'driver',
  'rules',
  'shortDescription',
  'fullDescription',
  'help',
  'defaultConfiguration',
  'columnKind',
  'results',
  'ruleId',
  'ruleIndex',
  'level',
  'message',
  'text',
  'markdown',
  'locations',
  'relatedLocations',
  'physicalLocation',
  'artifactLocation',
  'uri',
  'region',
  'startLine',
  'startColumn',
  'properties',
];

/**
 * A URI relative to baseDir with forward slashes, each segment percent-encoded so that spaces and `#`
 * stay valid. A file outside baseDir gets an absolute file: URI: `../` would point outside the
 * repository that code scanning maps URIs onto.
 */
export function artifactUri(file: string, baseDir: string): string {
  const base = path.resolve(baseDir);
  const abs = path.resolve(base, file);
  const rel = path.relative(base, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return pathToFileURL(abs).href;
  }
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

function location(loc: SourceLoc, baseDir: string): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(loc.file, baseDir) },
      region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column) },
    },
  };
}

function where(o: OrgDrift): string {
  return `org ${o.name} (${sourceLabel(o.source)}, app ${o.app.id})`;
}

function missingResult(o: OrgDrift, m: MissingScope, ctx: ReportContext): Result {
  const notGranted = o.source === 'plan' ? 'is still not granted after the plan is applied in' : 'is not granted in';
  let text: string;
  if (m.neededBy.length > 0) {
    const n = m.neededBy.length;
    text =
      `Scope ${m.scope} ${notGranted} ${where(o)}: ${n === 1 ? 'this card fails' : `these ${n} cards fail`} ` +
      `with ${MISSING_EFFECT}: ${m.neededBy.map(needLabel).join('; ')}.`;
  } else {
    text = `Scope ${m.scope} ${notGranted} ${where(o)} though extraScopes declares it: ${m.reasons.join('; ')}.`;
  }
  const result: Result = {
    ruleId: RULE_MISSING,
    ruleIndex: 0,
    level: 'error',
    message: { text },
    properties: { org: o.name, scope: m.scope, source: o.source },
  };
  const [first, ...rest] = m.neededBy;
  // An extraScopes-only scope has no card to point at: the org's declaration is the nearest place.
  const primary = first?.loc ?? ctx.orgLoc(o.name);
  if (primary) result.locations = [location(primary, ctx.baseDir)];
  if (rest.length > 0) {
    const seen = new Set<string>();
    result.relatedLocations = [];
    for (const need of rest) {
      const rel = location(need.loc, ctx.baseDir);
      const key = `${need.loc.file}:${need.loc.line}:${need.loc.column}:${needLabel(need)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.relatedLocations.push({ id: result.relatedLocations.length + 1, ...rel, message: { text: needLabel(need) } });
    }
  }
  return result;
}

function extraResult(o: OrgDrift, e: ExtraScope, ctx: ReportContext): Result {
  const scope = e.scope;
  const effect = o.source === 'plan' ? 'stays granted after the plan is applied' : `is granted; ${EXTRA_EFFECT}`;
  const result: Result = {
    ruleId: RULE_EXTRA,
    ruleIndex: 1,
    // A connection default is louder: revoking it breaks the connection, not just over-privilege.
    level: e.breaksConnections ? 'error' : 'warning',
    message: {
      text: e.breaksConnections
        ? `Scope ${scope} in ${where(o)} is ${extraDefaultEffect(e.breaksConnections)}.`
        : `Scope ${scope} is not declared for ${where(o)} but ${effect}. To keep it, list it under extraScopes with a reason.`,
    },
    properties: { org: o.name, scope, source: o.source },
  };
  const loc = ctx.orgLoc(o.name);
  if (loc) result.locations = [location(loc, ctx.baseDir)];
  return result;
}

function coveredResult(o: OrgDrift, c: CoveredScope, ctx: ReportContext): Result {
  const result: Result = {
    ruleId: RULE_COVERED,
    ruleIndex: 2,
    level: 'warning',
    message: { text: `Scope ${c.scope} is held in ${where(o)} only through ${c.coveredBy}: no card fails, but an apply of the generated stack adds it.` },
    properties: { org: o.name, scope: c.scope, source: o.source },
  };
  const loc = c.neededBy[0]?.loc ?? ctx.orgLoc(o.name);
  if (loc) result.locations = [location(loc, ctx.baseDir)];
  return result;
}

function unsafePlanResult(o: OrgDrift, ctx: ReportContext): Result | undefined {
  if (!o.plan) return undefined;
  const parts: string[] = [];
  const action = planActionEffect(o.plan.action);
  if (action) parts.push(`The plan ${action}.`);
  for (const r of o.plan.revokes ?? []) parts.push(`${r.scope}: ${revokedEffect(r)}.`);
  if (parts.length === 0) return undefined;
  const result: Result = {
    ruleId: RULE_UNSAFE_PLAN,
    ruleIndex: 3,
    level: 'error',
    message: { text: `${where(o)}: ${parts.join(' ')}` },
    properties: { org: o.name, source: o.source, action: o.plan.action ?? 'update' },
  };
  const loc = ctx.orgLoc(o.name);
    if (loc) result.locations = [location(loc, ctx.baseDir)];
    return result;
}

function errorResult(e: OrgError, ctx: ReportContext): Result {
  const result: Result = {
    ruleId: RULE_ORG_ERROR,
    ruleIndex: 4,
    level: 'error',
    message: { text: `Org ${e.org} was not compared: ${sentence(e.message)}${e.hint ? ` ${sentence(e.hint)}` : ''}` },
    properties: { org: e.org, code: e.code },
  };
  const loc = ctx.orgLoc(e.org);
  if (loc) result.locations = [location(loc, ctx.baseDir)];
  return result;
}

/**
 * SARIF 2.1.0 for code scanning: one run; an error per missing scope at the card (or flow) that needs
 * it, the other needing cards as related locations; a warning per extra scope at the org's
 * declaration. Results are in report order (orgs by name, scopes by name, missing before extra), and
 * nothing time- or machine-dependent is written beyond the URIs relative to ctx.baseDir.
 */
export function formatSarif(report: DriftReport, ctx: ReportContext): string {
  const sorted = sortReport(report);
  const results: Result[] = [];
  for (const o of sorted.orgs) {
    const unsafe = unsafePlanResult(o, ctx);
    if (unsafe) results.push(unsafe);
    for (const m of o.missing) results.push(missingResult(o, m, ctx));
    for (const e of o.extra) results.push(extraResult(o, e, ctx));
    for (const c of o.coveredByBroader) results.push(coveredResult(o, c, ctx));
  }
  for (const e of sorted.errors ?? []) results.push(errorResult(e, ctx));
  return sarifLog(RULES, results, ctx.toolVersion, ctx.informationUri);
}

/**
 * One SARIF 2.1.0 log of one wf-scopes run, as diff, review and scan --check all write it: stable key
 * order, no timestamps, so equal findings give byte-identical files.
 */
export function sarifLog(rules: ReportingDescriptor[], results: Result[], toolVersion: string, informationUri?: string): string {
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'wf-scopes', version: toolVersion, informationUri, rules } },
        // Columns come from the YAML parser's offsets into a JavaScript string.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${stableStringify(log, { keyOrder: SARIF_KEY_ORDER })}\n`;
}
