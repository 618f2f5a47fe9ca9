import { createHash } from 'node:crypto';
import { compareStrings } from '../../util/compare';
import { htmlText as h, scriptJson } from '../../util/escape';
import { fold } from './fold';
import type { AccessReport, FlowNeed, ScopeAccess } from './types';

/**
 * The record an HTML report embeds of what it shows, for `report --since` to read back: per org, each
 * scope the declaration grants with its risk and the flows that need it. It is compact JSON in
 * `<script type="application/json" id="wf-scopes-record">` (made inert by scriptJson), and the page
 * pins its SHA-256 (of the element's text, byte for byte) in a meta tag and in its footer, so that an
 * edited record is refused rather than believed.
 */

export const RECORD_ID = 'wf-scopes-record';
export const RECORD_HASH_META = 'wf-scopes-record-sha256';
export const RECORD_FORMAT = 'wf-scopes-record';
export const RECORD_VERSION = 1;

export interface RecordScope {
  scope: string;
  risk: string;
  /** The flows whose cards need it, by name (the first `foldAt`); empty for a scope granted for an extraScopes reason only. */
  flows: string[];
  /** How many more flows need it: a record folds the lists its page folds. Absent when none. */
  more?: number;
}

export interface ReportRecord {
  format: typeof RECORD_FORMAT;
  version: typeof RECORD_VERSION;
  generatedAt: string;
  declaration: { file: string; sha256: string };
  orgs: { name: string; scopes: RecordScope[] }[];
}

/** A scope's flows by name, sorted: the same list for every org that runs the same flows, so built once. */
const flowNames = new WeakMap<readonly FlowNeed[], string[]>();
function namesOf(needs: readonly FlowNeed[]): string[] {
  let names = flowNames.get(needs);
  if (!names) flowNames.set(needs, (names = needs.map((f) => f.flow).sort(compareStrings)));
  return names;
}

function recordScope(s: ScopeAccess, foldAt: number): RecordScope {
  const { shown, more } = fold(namesOf(s.neededBy), foldAt);
  return { scope: s.scope, risk: s.risk.level, flows: [...shown], ...(more ? { more } : {}) };
}

export function reportRecord(r: AccessReport): ReportRecord {
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    generatedAt: r.generatedAt,
    declaration: { file: r.declaration.file, sha256: r.declaration.sha256 },
    orgs: r.orgs.map((o) => ({
      name: o.name,
      scopes: o.scopes.map((s) => recordScope(s, r.foldAt)).sort((a, b) => compareStrings(a.scope, b.scope)),
    })),
  };
}

const texts = new WeakMap<AccessReport, string>();

/** The element's text: one line of JSON, inert inside a script element (made once per report: the head and footer both pin it). */
export function recordText(r: AccessReport): string {
  let text = texts.get(r);
  if (text === undefined) texts.set(r, (text = scriptJson(JSON.stringify(reportRecord(r)))));
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The opening tag exactly as written, so that a reader finds the element without an HTML parser. */
export const RECORD_OPEN = `<script type="application/json" id="${RECORD_ID}">`;

/** For the page's head: the pinned hash, then the record. */
export function recordHeadHtml(r: AccessReport): string {
  const text = recordText(r);
  return `<meta name="${RECORD_HASH_META}" content="${sha256Hex(text)}">\n${RECORD_OPEN}${text}</script>`;
}

/** For the page's footer: the same pin, visible (and printed). */
export function recordFooterHtml(r: AccessReport): string {
  return `<dt>Record</dt><dd>The scopes of this page as data (<code>#${RECORD_ID}</code>), read back by <code>wf-scopes report --since</code>: SHA-256 <code>${h(sha256Hex(recordText(r)))}</code>.</dd>`;
}
