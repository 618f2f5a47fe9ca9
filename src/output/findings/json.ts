import { displayPath } from '../../util/paths';
import { RULES } from '../../rules/registry';
import type { Finding, FindingContext } from '../../rules/finding';

/** The JSON shape of a finding, in every command's `--format json` (under `findings`). */
export interface FindingJson {
  rule: string;
  name: string;
  level: string;
  code?: string;
  org?: string;
  scope?: string;
  flow?: string;
  card?: string;
  file?: string;
  line?: number;
  column?: number;
  flag?: string;
  message: string;
  fix?: string;
  properties?: Record<string, unknown>;
  suppressed?: { reason: string; expires?: string };
}

/** The keys of FindingJson in output order (commands add them to their own key order). */
export const FINDING_JSON_KEYS: readonly string[] = [
  'rule', 'name', 'level', 'code', 'org', 'scope', 'flow', 'card', 'file', 'line', 'column', 'flag', 'message', 'fix', 'properties',
  'suppressed', 'reason', 'expires',
];

/** Paths relative to the repository root (ctx.baseDir), as SARIF and GitHub show them. Keys in FINDING_JSON_KEYS order. */
export function findingToJson(f: Finding, ctx: Pick<FindingContext, 'baseDir' | 'cwd'>): FindingJson {
  // Built in FINDING_JSON_KEYS order (`message` is set in its place: the type needs it up front).
  const out = { rule: RULES[f.rule].id, name: f.rule, level: f.level } as FindingJson;
  if (f.code !== undefined) out.code = f.code;
  if (f.org !== undefined) out.org = f.org;
  if (f.scope !== undefined) out.scope = f.scope;
  if (f.flow !== undefined) out.flow = f.flow;
  if (f.card !== undefined) out.card = f.card;
  if (f.loc) {
    out.file = displayPath(f.loc.file, ctx.cwd, ctx.baseDir);
    if (f.loc.line !== undefined) out.line = f.loc.line;
    if (f.loc.column !== undefined) out.column = f.loc.column;
  }
  if (f.flag !== undefined) out.flag = f.flag;
  out.message = f.message;
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.properties && Object.keys(f.properties).length > 0) {
    const props: Record<string, unknown> = {};
    for (const k of Object.keys(f.properties).sort()) props[k] = f.properties[k];
    out.properties = props;
  }
  if (f.suppressed) out.suppressed = { reason: f.suppressed.reason, ...(f.suppressed.expires !== undefined ? { expires: f.suppressed.expires } : {}) };
  return out;
}

/**
 * Appends `"findings": […]` as the last member of a two-space-indented JSON object (`{…\n}`), written
 * in the findings' own key order, so that every command's JSON lists findings in the same shape
 * whatever key order the rest of its document follows.
 */
export function appendFindings(objectJson: string, findings: readonly Finding[], ctx: Pick<FindingContext, 'baseDir' | 'cwd'>): string {
  const body = objectJson.replace(/\n$/, '');
  if (!body.endsWith('\n}')) throw new Error('appendFindings: expected an indented JSON object');
  // findingToJson builds its keys in FINDING_JSON_KEYS order, so JSON.stringify writes the stable bytes.
  const list = JSON.stringify(findings.map((f) => findingToJson(f, ctx)), null, 2).replace(/\n/g, '\n  ');
  const open = body.slice(0, -2);
  const sep = open.endsWith('{') ? '\n' : ',\n';
  return `${open}${sep}  "findings": ${list}\n}\n`;
}
