/**
 * Scope globs, shared by the risk table and policy `deny` / `requireReason` patterns.
 *
 * Semantics (deliberately small, so a pattern means the same thing to every reader):
 * - `*` matches any run of characters, including none and including dots: `okta.*.manage` matches
 *   `okta.users.manage` and `okta.governance.admin.manage`; `okta.users.*` matches
 *   `okta.users.read.self`. A segment-bound `*` would let `okta.*.manage` silently miss the
 *   three-segment resources, which is the wrong failure for a deny list.
 * - Every other character is literal (no `?`, `[…]`, or escapes); `**` is the same as `*`.
 * - Case-sensitive, like Okta's scope names (`okta.apiTokens.read`).
 * - The whole scope must match (anchored at both ends).
 */

/** Characters a pattern may hold: those of scope names plus `*` and `-`. */
const GLOB_RE = /^[A-Za-z0-9_.*-]+$/;

export function isValidGlob(pattern: string): boolean {
  return GLOB_RE.test(pattern);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*');
}

/**
 * Iterative wildcard match with single backtrack point (the last `*` seen), O(pattern × scope)
 * worst case and no regex, so hostile patterns cannot blow up.
 */
export function globMatch(pattern: string, scope: string): boolean {
  let p = 0;
  let s = 0;
  let star = -1; // index in pattern of the last `*`
  let mark = 0; // index in scope where that `*` started matching
  while (s < scope.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.length && pattern[p] === scope[s]) {
      p++;
      s++;
    } else if (star >= 0) {
      // Let the last `*` swallow one more character and retry.
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
