/**
 * Colour for a terminal, and only there: text output to a TTY, unless `NO_COLOR` is set (no-color.org);
 * `FORCE_COLOR` (but `0` or `false`) asks for it elsewhere too. Never in json, markdown, sarif or
 * github output. Colour is added after the text was made safe (escape.ts), so no input can inject it.
 */
export function colourWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  return isTTY;
}

const STYLES = { high: '\u001b[1;31m', medium: '\u001b[33m' } as const;
const RESET = '\u001b[0m';

/** `text` in the colour of a risk level (high: bold red, medium: yellow); other levels stay plain. */
export function paintRisk(text: string, level: string): string {
  const style = (STYLES as Record<string, string | undefined>)[level];
  return style === undefined ? text : `${style}${text}${RESET}`;
}

/**
 * Colours the risk level where a text view prints it: `check`'s level column (`  scope  high  …`) and
 * `diff`'s `scope (high)`. Runs on safe text: only wf-scopes' own columns match at line starts.
 */
export function paintRiskColumns(text: string): string {
  return text
    .replace(/^( {2}[a-z][\w.:-]* +)(high|medium)(?= )/gm, (_m, head: string, level: string) => `${head}${paintRisk(level, level)}`)
    .replace(/^( {4}[a-z][\w.:-]* )\((high|medium)\)/gm, (_m, head: string, level: string) => `${head}(${paintRisk(level, level)})`);
}
