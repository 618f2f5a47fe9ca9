/**
 * A lenient reader of `WWW-Authenticate` field values (RFC 7235 §4.1): a comma-separated list of
 * challenges, each an auth-scheme followed by auth-params `name = token | quoted-string`.
 * Lenient where people paste by hand: spaces around `=`, missing commas between params, unquoted
 * values holding `:` or `/` (URLs). It returns problems instead of throwing so the caller decides
 * what to tell the user.
 */

export interface Challenge {
  /** As written; `''` when params came before any scheme (a pasted fragment). */
  scheme: string;
  /** Param names in lower case; the first occurrence of a name wins (RFC 7235 forbids repeats). */
  params: Map<string, string>;
}

export type ChallengeProblem =
  | { code: 'empty' }
  | { code: 'unterminated-quote'; param: string }
  | { code: 'unexpected-char'; char: string; column: number };

export type ChallengeResult = { ok: true; challenges: Challenge[] } | { ok: false; problem: ChallengeProblem };

// RFC 7230 tchar.
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const WS = /[ \t\r\n\f\v\u00a0]/;

/**
 * Length of a `…` or `...` placeholder standing alone at `pos` (docs and tickets shorten headers that
 * way), else 0. Inside a quoted or unquoted value it stays part of the value.
 */
function placeholderAt(s: string, pos: number): number {
  const len = s[pos] === '\u2026' ? 1 : s.startsWith('...', pos) ? 3 : 0;
  if (len === 0) return 0;
  const next = s[pos + len];
  return next === undefined || next === ',' || WS.test(next) ? len : 0;
}

export function parseChallenges(value: string): ChallengeResult {
  const s = value;
  const n = s.length;
  const challenges: Challenge[] = [];
  let cur: Challenge | undefined;
  let pos = 0;

  const skipWs = (): void => {
    while (pos < n && WS.test(s[pos])) pos++;
  };

  for (;;) {
    while (pos < n && (WS.test(s[pos]) || s[pos] === ',' || placeholderAt(s, pos) > 0)) pos += Math.max(1, placeholderAt(s, pos));
    if (pos >= n) break;
    const c = s[pos];
    if (!TCHAR.test(c)) return { ok: false, problem: { code: 'unexpected-char', char: c, column: pos + 1 } };

    const start = pos;
    while (pos < n && TCHAR.test(s[pos])) pos++;
    const name = s.slice(start, pos);
    const afterName = pos;
    skipWs();

    if (s[pos] !== '=') {
      // A token not followed by `=` starts a new challenge.
      pos = afterName;
      cur = { scheme: name, params: new Map() };
      challenges.push(cur);
      continue;
    }

    pos++; // '='
    skipWs();
    let val: string;
    if (s[pos] === '"') {
      pos++;
      let out = '';
      let closed = false;
      while (pos < n) {
        const ch = s[pos];
        if (ch === '\\' && pos + 1 < n) {
          // quoted-pair: the backslash only protects the next character.
          out += s[pos + 1];
          pos += 2;
        } else if (ch === '"') {
          pos++;
          closed = true;
          break;
        } else {
          out += ch;
          pos++;
        }
      }
      if (!closed) return { ok: false, problem: { code: 'unterminated-quote', param: name.toLowerCase() } };
      val = out;
    } else {
      // Unquoted: strictly a token, but pasted realms and URIs hold `:` and `/`, so read to a separator.
      const vStart = pos;
      while (pos < n && s[pos] !== ',' && !WS.test(s[pos])) pos++;
      val = s.slice(vStart, pos);
    }

    if (!cur) {
      cur = { scheme: '', params: new Map() };
      challenges.push(cur);
    }
    const key = name.toLowerCase();
    if (!cur.params.has(key)) cur.params.set(key, val);
  }

  if (challenges.length === 0) return { ok: false, problem: { code: 'empty' } };
  return { ok: true, challenges };
}

/**
 * Tracks whether text fed so far ends inside a quoted value, with the same rule as the parser
 * (a quote opens only right after `=`), so that a line break inside a value can be joined.
 */
export class QuoteTracker {
  private state: 'normal' | 'afterEq' | 'quoted' | 'escape' = 'normal';

  feed(text: string): void {
    for (const ch of text) {
      switch (this.state) {
        case 'normal':
          if (ch === '=') this.state = 'afterEq';
          break;
        case 'afterEq':
          if (ch === '"') this.state = 'quoted';
          else if (ch !== '=' && !WS.test(ch)) this.state = 'normal';
          break;
        case 'quoted':
          if (ch === '\\') this.state = 'escape';
          else if (ch === '"') this.state = 'normal';
          break;
        case 'escape':
          this.state = 'quoted';
          break;
      }
    }
  }

  get open(): boolean {
    return this.state === 'quoted' || this.state === 'escape';
  }
}
