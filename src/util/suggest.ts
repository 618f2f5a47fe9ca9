/** Lower-case and drop all whitespace, so `Okta / Read User` and `okta/readuser` compare equal. */
export function normalize(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '');
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, the commonest typo).
 * Gives up early and returns `limit + 1` once every alignment costs more than `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition step looks two rows back.
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  const d = prev[b.length];
  return d > limit ? limit + 1 : d;
}

/**
 * How far a candidate may be from the input and still be worth suggesting: about a third of the longer
 * string, at least 1. Keeps `Search System Log` → `Search System Logs` while `abc` suggests nothing.
 */
export function suggestionLimit(inputLen: number, candidateLen: number): number {
  return Math.max(1, Math.floor(Math.max(inputLen, candidateLen) / 3));
}

/**
 * Keeps the nearest hits and those at most one edit further: with long shared affixes (`okta.*.read`)
 * a hit three edits away is noise next to one a single edit away.
 */
export function nearestBand<T extends { dist: number }>(sorted: readonly T[]): T[] {
  if (sorted.length === 0) return [];
  const best = sorted[0].dist;
  return sorted.filter((s) => s.dist <= best + 1);
}

/**
 * Did-you-mean: up to `max` candidates closest to `input` by edit distance on normalised strings
 * (case- and whitespace-insensitive), nearest first, ties alphabetical. Candidates that normalise
 * alike are offered once (the alphabetically first spelling).
 */
export function closest(input: string, candidates: readonly string[], max = 3): string[] {
  if (max <= 0) return [];
  const needle = normalize(input);
  if (needle === '') return [];
  const scored: { text: string; dist: number }[] = [];
  const seen = new Map<string, number>();
  for (const text of candidates) {
    const norm = normalize(text);
    const limit = suggestionLimit(needle.length, norm.length);
    const dist = editDistance(needle, norm, limit);
    if (dist > limit) continue;
    const at = seen.get(norm);
    if (at === undefined) {
      seen.set(norm, scored.length);
      scored.push({ text, dist });
    } else if (text < scored[at].text) {
      scored[at].text = text;
    }
  }
  scored.sort((x, y) => x.dist - y.dist || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
  return nearestBand(scored)
    .slice(0, max)
    .map((s) => s.text);
}

/**
 * How many did-you-mean look-ups one run may make. Each ranks every candidate by edit distance: a file
 * of 87,000 unknown names would spend minutes on hints nobody reads past the first screens. The first
 * `max` names get their suggestions; the rest say that none was looked for.
 */
export class SuggestionBudget {
  private used = 0;
  constructor(readonly max = 200) {}

  /** True while suggestions may still be ranked; counts one use. */
  take(): boolean {
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }
}
