/**
 * Output formats: the one list of format names, which command accepts which, and the one shape of a
 * command's renderers. The `--format` flag is checked against COMMAND_FORMATS (src/cli/format-option.ts)
 * and a command's renderers are typed by the same list, so a format a command accepts cannot lack its
 * renderer. This module imports nothing: the CLI reads it to build its flags without loading a renderer.
 */

export type OutputFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'github' | 'html';

/** The formats each command accepts, its default first, in the order `--help` lists them. */
export const COMMAND_FORMATS = {
  check: ['text', 'json', 'sarif', 'github'],
  explain: ['text', 'json'],
  review: ['markdown', 'json', 'sarif', 'github'],
  scan: ['text', 'json', 'markdown', 'sarif', 'github'],
  catalog: ['text', 'json', 'markdown'],
  diff: ['text', 'json', 'markdown', 'sarif', 'github'],
  report: ['html', 'markdown'],
  usage: ['text', 'json', 'markdown'],
} as const satisfies Record<string, readonly [OutputFormat, ...OutputFormat[]]>;

export type FormattedCommand = keyof typeof COMMAND_FORMATS;

/** The formats one command accepts: `CommandFormat<'explain'>` is `'text' | 'json'`. */
export type CommandFormat<C extends FormattedCommand> = (typeof COMMAND_FORMATS)[C][number];

/** Turns a command's result into one format's text; pure, and ending with a newline. */
export type Renderer<T, Ctx> = (result: T, ctx: Ctx) => string;

/** One renderer per format of F: the registry a command renders through. */
export type Renderers<F extends OutputFormat, T, Ctx> = Readonly<Record<F, Renderer<T, Ctx>>>;

/** The result in the given format, by the command's registry. */
export function render<F extends OutputFormat, T, Ctx>(format: F, renderers: Renderers<F, T, Ctx>, result: T, ctx: Ctx): string {
  return renderers[format](result, ctx);
}

/** True when `value` is one of `formats` (for formats that arrive other than through the flag). */
export function isFormatOf<F extends OutputFormat>(formats: readonly F[], value: string): value is F {
  return (formats as readonly string[]).includes(value);
}
