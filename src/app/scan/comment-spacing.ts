/**
 * The YAML library writes a trailing comment one space after its value (`envPrefix: PROD_ # …`), so a
 * merge would re-space every comment a user aligned. This puts the user's own lines back: an output
 * line that differs from an input line only in the spaces before its `#` is replaced by that input line.
 */

/** `value   # comment` → `value # comment`: the spacing the YAML library writes. */
const respaced = (line: string): string => line.replace(/(\S)[ \t]+#/, '$1 #');

/** `written` with the lines of `original` whose trailing comments it re-spaced restored, in order. */
export function keepCommentSpacing(original: string, written: string): string {
  const byRespaced = new Map<string, string[]>();
  for (const line of original.split('\n')) {
    const r = respaced(line);
    if (r === line) continue;
    const list = byRespaced.get(r);
    if (list) list.push(line);
    else byRespaced.set(r, [line]);
  }
  if (byRespaced.size === 0) return written;
  return written
    .split('\n')
    .map((line) => byRespaced.get(line)?.shift() ?? line)
    .join('\n');
}
