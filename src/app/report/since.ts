import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/types';
import type { Project } from '../../core/project';
import { compareRisk, riskOf } from '../../core/risk';
import { readBoundedSync } from '../../util/bounded-read';
import { compareStrings } from '../../util/compare';
import { UserError } from '../../util/diagnostics';
import { parseBase, readGitBase } from '../review/base';
import { parseRecord, SINCE_FLAG } from './since-parse';
import { sha256Hex } from './since-record';
import type { Previous, PreviousFlows, SinceScope, SinceView } from './since-types';
import type { AccessReport } from './types';

/**
 * `report --since <previous>`: the grants of a previous review, read from a report's embedded record
 * (its pinned hash verified), a git revision of the declaration, or a scopes.yaml file; and what
 * changed since, per org of this report. Every problem names `--since` or the file's line and column.
 */

function sinceError(message: string, hint: string): UserError {
  return new UserError({ severity: 'error', code: 'report-since', flag: SINCE_FLAG, message, hint });
}

const uniqueSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(compareStrings);

function fromProject(project: Project | undefined, kind: 'git' | 'file', label: string, pin: SinceView['pin']): Previous {
  const orgs = (project?.resolution.orgs ?? []).map((o) => ({ name: o.name, scopes: new Map(o.scopes.map((s): [string, PreviousFlows] => [s.scope, { flows: uniqueSorted(s.neededBy.map((n) => n.flow)), more: 0 }])) }));
  return { kind, label, pin, orgs };
}

export interface SinceContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The declaration's path (absolute): a git revision is read at the same path. */
  configFile: string;
  catalog: Catalog;
  today: string;
}

/**
 * Reads `--since VALUE`: an existing file is a previous HTML report (it starts with `<`) or a
 * scopes.yaml; anything else is a git revision of the declaration.
 */
export async function readSince(value: string, ctx: SinceContext): Promise<Previous> {
  if (value.trim() === '') throw sinceError('expected a previous report.html, a git revision or a scopes.yaml, got nothing', 'e.g. --since report-2026-q3.html, --since v1.4 or --since HEAD~5');
  const file = path.resolve(ctx.cwd, value);
  let isFile: boolean | undefined;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = undefined;
  }
  if (isFile === false) throw sinceError(`${value} is not a regular file`, 'name a previous report.html or scopes.yaml, or a git revision');
  if (isFile) {
    const read = readBoundedSync(file, { cap: 'maxInput' });
    if (!read.ok) throw sinceError(`cannot read ${value}: ${read.reason}`, 'name a previous report.html or scopes.yaml, or a git revision');
    if (/^\s*</.test(read.text)) return parseRecord(read.text, value);
    const project = parseBase(read.text, value, SINCE_FLAG, ctx.catalog, ctx.today);
    return fromProject(project, 'file', value, { what: 'SHA-256', value: sha256Hex(read.text) });
  }
  const got = await readGitBase(value, ctx.configFile, ctx.env, {
    flag: SINCE_FLAG,
    otherwise: `name a previous report.html or scopes.yaml (there is no file ${value} here)`,
    example: '--since v1.4',
  });
  const project = got.text === undefined ? undefined : parseBase(got.text, got.label, SINCE_FLAG, ctx.catalog, ctx.today);
  return fromProject(project, 'git', got.label, { what: 'commit', value: got.commit });
}

function scopeRows(scopes: Iterable<[string, PreviousFlows]>): SinceScope[] {
  return [...scopes]
    .map(([scope, { flows, more }]) => ({ scope, risk: riskOf(scope).level, flows, ...(more ? { moreFlows: more } : {}) }))
    .sort((a, b) => compareRisk(a.risk, b.risk) || compareStrings(a.scope, b.scope));
}

/**
 * What changed since `prev`, per org of the report. Risk is this version's (data/risk.yaml), never a
 * previous report's, so that one table decides. `declared`: every org of the declaration (the report
 * may show fewer, with --org): a previous org not among them was removed since.
 */
export function compareSince(prev: Previous, report: AccessReport, declared: readonly string[]): SinceView {
  const before = new Map(prev.orgs.map((o) => [o.name, o.scopes]));
  const orgs = report.orgs.map((o) => {
    const now = new Set(o.scopes.map((s) => s.scope));
    const then = before.get(o.name);
    // The flows of an added scope only: a large org's scopes each list thousands.
    const added = o.scopes.filter((s) => !then?.has(s.scope)).map((s): [string, PreviousFlows] => [s.scope, { flows: uniqueSorted(s.neededBy.map((f) => f.flow)), more: 0 }]);
    if (!then) return { name: o.name, status: 'new' as const, added: scopeRows(added), removed: [] };
    return { name: o.name, status: 'compared' as const, added: scopeRows(added), removed: scopeRows([...then].filter(([s]) => !now.has(s))) };
  });
  const removedOrgs = prev.orgs.filter((o) => !declared.includes(o.name)).map((o) => ({ name: o.name, scopes: scopeRows(o.scopes) }));
  return {
    kind: prev.kind,
    label: prev.label,
    pin: prev.pin,
    ...(prev.generatedAt !== undefined ? { generatedAt: prev.generatedAt } : {}),
    ...(prev.declaration ? { declaration: prev.declaration } : {}),
    orgs,
    removedOrgs,
  };
}
