// The `sources` section of cards.yaml: each cited URL once, with the day it was last checked.
import { isCalendarDate } from '../../util/date';
import { isPlainObject } from '../../util/json';
import { UNKNOWN_CHECKED, type SourceInfo } from './types';
import { asList, type YamlPath, type YamlReader } from './yaml-reader';

const SOURCE_FIELDS = ['url', 'checked'] as const;
export const URL_PATTERN = /^https?:\/\/\S+$/;

/** A URL the data cites, and where (for the line of an error). */
export interface Citation {
  url: string;
  where: string;
  /** The YAML node holding the field. */
  at: YamlPath;
  field: string;
}

/**
 * The `sources` list: one entry per cited URL, each with the day it was last read (`YYYY-MM-DD`, not
 * after `today`) or `unknown`. A cited URL without an entry, and an entry nothing cites, are errors.
 */
export function readSources(r: YamlReader, raw: unknown, citations: readonly Citation[], today: string): SourceInfo[] {
  r.at = [];
  const list = asList(raw);
  if (!list) r.fail('top level', 'expected a "sources" list: each cited URL with the day it was last read (checked: YYYY-MM-DD)', 'sources');
  const out: SourceInfo[] = [];
  const index = new Map<string, number>();
  for (const [i, entry] of list.entries()) {
    r.at = ['sources', i];
    const where = `sources[${i}]`;
    if (!isPlainObject(entry)) r.fail(where, 'expected {url, checked}');
    r.fields(entry, where, SOURCE_FIELDS);
    const url = r.str(entry, 'url', where);
    if (!URL_PATTERN.test(url)) r.fail(where, '"url" must be one URL', 'url');
    if (index.has(url)) r.fail(where, `${url} is listed twice (also sources[${index.get(url) ?? '?'}])`, 'url');
    index.set(url, i);
    const day = typeof entry.checked === 'string' ? entry.checked.trim() : '';
    if (day !== UNKNOWN_CHECKED) {
      if (!isCalendarDate(day)) {
        r.fail(where, `checked "${String(entry.checked ?? '')}" of ${url} is not a date: write the day the page was read (YYYY-MM-DD), or ${UNKNOWN_CHECKED}`, 'checked');
      }
      if (day > today) r.fail(where, `checked ${day} of ${url} is in the future (today is ${today}): write the day the page was read`, 'checked');
    }
    out.push({ url, checked: day });
  }
  const cited = new Set<string>();
  for (const c of citations) {
    cited.add(c.url);
    if (index.has(c.url)) continue;
    r.at = c.at;
    r.fail(c.where, `${c.field} ${c.url} has no entry under "sources": add {url, checked} with the day it was read`, c.field);
  }
  for (const s of out) {
    if (cited.has(s.url)) continue;
    r.at = ['sources', index.get(s.url) ?? 0];
    r.fail(`sources[${index.get(s.url) ?? '?'}]`, `${s.url} is cited by no connector or card: remove the entry`, 'url');
  }
  return out.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
