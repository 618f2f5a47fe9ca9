import { locateJsonError, positionAt } from '../../sources/flows/json-error';
import { UserError } from '../../util/diagnostics';
import { locateJson, type JsonPosition } from '../../util/json-locate';
import { limit } from '../../util/limits';
import { jsonTooDeep } from '../../util/nesting';
import { RECORD_FORMAT, RECORD_HASH_META, RECORD_OPEN, RECORD_VERSION, sha256Hex } from './since-record';
import type { Previous } from './since-types';

/**
 * A previous HTML report's record, read back for `report --since`: found by its exact opening tag,
 * checked against the SHA-256 the page pins, then parsed and checked key by key. Every problem is an
 * error at its line and column in the page (or naming --since when the page has no record at all).
 */

export const SINCE_FLAG = '--since';

const REWRITE = 'write the previous report again with `wf-scopes report`, or compare with the scopes.yaml it was made from (its git revision, or a copy of the file)';

function located(file: string, at: JsonPosition, message: string, hint: string): UserError {
  return new UserError({ severity: 'error', code: 'report-since', loc: { file, line: at.line, column: at.column }, message, hint });
}

/** A position inside the record's text → the same place in the page. */
function inPage(start: JsonPosition, rel: JsonPosition): JsonPosition {
  return rel.line === 1 ? { line: start.line, column: start.column + rel.column - 1 } : { line: start.line + rel.line - 1, column: rel.column };
}

/** The record's text and where it starts; the hash the page pins. */
function findRecord(html: string, file: string): { text: string; at: JsonPosition; pinned: string } {
  const open = html.indexOf(RECORD_OPEN);
  if (open < 0) {
    throw new UserError({
      severity: 'error',
      code: 'report-since',
      flag: SINCE_FLAG,
      message: `${file} holds no wf-scopes record (${RECORD_OPEN}): it is not an HTML report of \`wf-scopes report\`, or one written before --since existed`,
      hint: 'pass an HTML report written by `wf-scopes report`, or the scopes.yaml it was made from (a file or a git revision)',
    });
  }
  const start = open + RECORD_OPEN.length;
  const at = positionAt(html, start);
  const again = html.indexOf(RECORD_OPEN, start);
  if (again >= 0) throw located(file, positionAt(html, again), `a second record (first at line ${at.line}): a report has one, so the page was edited`, REWRITE);
  // A script element's text ends at the first `</script`, in any case, as in a browser.
  const close = /<\/script/i.exec(html.slice(start));
  if (!close) throw located(file, at, 'the record is not closed by </script>', REWRITE);
  const metas = [...html.matchAll(new RegExp(`<meta name="${RECORD_HASH_META}" content="([^"]*)">`, 'g'))];
  if (metas.length !== 1) {
    throw located(file, at, `the page pins ${metas.length === 0 ? 'no' : metas.length} SHA-256 of its record (expected one <meta name="${RECORD_HASH_META}">)`, REWRITE);
  }
  return { text: html.slice(start, start + close.index), at, pinned: metas[0]?.[1] ?? '' };
}

type Check = (ok: boolean, path: string, message: string) => asserts ok;

/** The record's shape, key by key: a wrong key is an error at its place. */
function checkShape(value: unknown, check: Check): asserts value is RecordShape {
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown): v is string => typeof v === 'string';
  check(obj(value), '', 'the record must be an object');
  check(value.format === RECORD_FORMAT, 'format', `format must be "${RECORD_FORMAT}"`);
  check(value.version === RECORD_VERSION, 'version', `version must be ${RECORD_VERSION} (this wf-scopes reads records of version ${RECORD_VERSION})`);
  check(str(value.generatedAt), 'generatedAt', 'generatedAt must be a string');
  const d = value.declaration;
  check(obj(d) && str(d.file) && str(d.sha256), 'declaration', 'declaration must be an object with the strings file and sha256');
  check(Array.isArray(value.orgs), 'orgs', 'orgs must be a list');
  const names = new Set<string>();
  value.orgs.forEach((o: unknown, i: number) => {
    check(obj(o) && str(o.name) && o.name !== '', `orgs[${i}]`, `orgs[${i}] must be an object with a non-empty name`);
    check(!names.has(o.name), `orgs[${i}].name`, `org \`${o.name}\` appears twice`);
    names.add(o.name);
    check(Array.isArray(o.scopes), `orgs[${i}].scopes`, `orgs[${i}].scopes must be a list`);
    const scopes = new Set<string>();
    o.scopes.forEach((s: unknown, j: number) => {
      const at = `orgs[${i}].scopes[${j}]`;
      check(obj(s) && str(s.scope) && s.scope !== '' && str(s.risk) && Array.isArray(s.flows) && s.flows.every(str), at, `${at} must be an object with scope, risk and flows (a list of flow names)`);
      check(s.more === undefined || (typeof s.more === 'number' && Number.isSafeInteger(s.more) && s.more > 0), `${at}.more`, `${at}.more must be a positive whole number (the flows a folded record only counts)`);
      check(!scopes.has(s.scope), `${at}.scope`, `scope \`${s.scope}\` appears twice in org \`${o.name}\``);
      scopes.add(s.scope);
    });
  });
}

interface RecordShape {
  generatedAt: string;
  declaration: { file: string; sha256: string };
  orgs: { name: string; scopes: { scope: string; flows: string[]; more?: number }[] }[];
}

/** The previous review a report records; its hash verified, each problem located in the page. */
export function parseRecord(html: string, file: string): Previous {
  const { text, at, pinned } = findRecord(html, file);
  const actual = sha256Hex(text);
  if (actual !== pinned) {
    throw located(
      file,
      at,
      `the record's SHA-256 is ${actual}, but the page pins ${pinned || '(nothing)'}: the record was changed after the report was written, so it cannot be trusted`,
      REWRITE,
    );
  }
  const deep = jsonTooDeep(text, limit('maxDepth'));
  if (deep) throw located(file, inPage(at, deep), `the record is nested deeper than ${limit('maxDepth')} levels`, REWRITE);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const p = locateJsonError(text);
    throw located(file, p ? inPage(at, p.position) : at, `the record is not valid JSON${p ? `: ${p.message}` : ''}`, REWRITE);
  }
  const where = locateJson(text);
  if (where.duplicate) throw located(file, inPage(at, where.duplicate.at), `\`${where.duplicate.path}\` is given twice in the record`, REWRITE);
  const check: Check = (ok, path, message) => {
    if (!ok) throw located(file, inPage(at, where.at(path) ?? { line: 1, column: 1 }), `the record's ${message}`, REWRITE);
  };
  checkShape(value, check);
  return {
    kind: 'report',
    label: file,
    pin: { what: 'record SHA-256', value: actual },
    generatedAt: value.generatedAt,
    declaration: value.declaration,
    orgs: value.orgs.map((o) => ({ name: o.name, scopes: new Map(o.scopes.map((s) => [s.scope, { flows: [...s.flows], more: s.more ?? 0 }])) })),
  };
}
