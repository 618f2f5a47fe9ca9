import { validDate } from '../../util/date';

/**
 * When the report says it was generated, and the day policy expiry is judged on. Both come from one
 * instant so the page cannot claim one date and judge exceptions by another.
 */
export interface Clock {
  /** Shown as generated-at. */
  generatedAt: string;
  /** YYYY-MM-DD (UTC). */
  today: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;


/** `YYYY-MM-DDTHH:MM:SSZ`: seconds are enough for evidence, and fewer digits change between runs. */
function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Parses `--now` (a date, or a date-time with a zone), else `WF_SCOPES_TODAY` (a date), else reads
 * the clock. Undefined means the `--now` text is not a date the user could have meant.
 */
export function generatedAt(now: string | undefined, pinnedToday: string | undefined, clockMs: () => number): Clock | undefined {
  if (now !== undefined) {
    const d = DATE.exec(now);
    if (d) return validDate(d[1], d[2], d[3]) ? { generatedAt: now, today: now } : undefined;
    const t = DATE_TIME.exec(now);
    if (!t || !validDate(t[1], t[2], t[3]) || Number(t[4]) > 23 || Number(t[5]) > 59 || Number(t[6] ?? '0') > 59) return undefined;
    const ms = Date.parse(now.replace(' ', 'T'));
    if (Number.isNaN(ms)) return undefined;
    const iso = isoSeconds(ms);
    return { generatedAt: iso, today: iso.slice(0, 10) };
  }
  if (pinnedToday !== undefined) {
    const d = DATE.exec(pinnedToday);
    if (d && validDate(d[1], d[2], d[3])) return { generatedAt: pinnedToday, today: pinnedToday };
  }
  const iso = isoSeconds(clockMs());
  return { generatedAt: iso, today: iso.slice(0, 10) };
}
