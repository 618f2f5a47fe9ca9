import { mapBounded } from '../../src/util/pool';

describe('mapBounded', () => {
  test('keeps input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 15, 8, 2, 25];
    const out = await mapBounded(delays, 3, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(delays.map((ms, i) => `${i}:${ms}`));
    expect(peak).toBe(3);
  });

  test('an empty list, and a limit above the item count or below 1', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    expect(await mapBounded([1, 2], 10, async (x) => x * 2)).toEqual([2, 4]);
    expect(await mapBounded([1, 2], 0, async (x) => x + 1)).toEqual([2, 3]);
  });
});
