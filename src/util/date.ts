/** Calendar days as `YYYY-MM-DD` (UTC): the one form wf-scopes reads and writes for a day. */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in `YYYY-MM-DD` form (rejects 2026-02-30 and 2026-2-3). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && validDate(m[1], m[2], m[3]);
}

/** The year, month and day (as written) name a real calendar day. */
export function validDate(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

/** Today in UTC, from the clock (or `nowMs`). */
export function utcDay(nowMs: number = Date.now()): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative for earlier); `day` must be a calendar date. */
export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}
