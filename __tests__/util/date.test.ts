import { addDays, isCalendarDate, utcDay, validDate } from '../../src/util/date';

describe('calendar days (YYYY-MM-DD, UTC)', () => {
  test.each(['2026-12-04', '2024-02-29', '2000-02-29', '1999-12-31'])('%s is a day', (d) => expect(isCalendarDate(d)).toBe(true));
  test.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '1900-02-29', '26-12-04', '2026-1-04', '2026-12-04T00:00:00Z', ' 2026-12-04', 'unknown', ''])(
    '%j is not',
    (d) => expect(isCalendarDate(d)).toBe(false),
  );

  test('validDate takes the parts as written', () => {
    expect(validDate('2026', '02', '28')).toBe(true);
    expect(validDate('2026', '02', '30')).toBe(false);
  });

  test('addDays crosses months, years and leap days both ways', () => {
    expect(addDays('2026-12-04', -30)).toBe('2026-11-04');
    expect(addDays('2026-12-04', 0)).toBe('2026-12-04');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-04', -36_500)).toBe('1926-12-29');
  });

  test('utcDay is the UTC calendar day of the instant', () => {
    expect(utcDay(Date.parse('2026-12-04T23:59:59Z'))).toBe('2026-12-04');
    expect(utcDay(Date.parse('2026-12-04T23:30:00-05:00'))).toBe('2026-12-05');
  });
});
