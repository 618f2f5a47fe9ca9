import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolVersion } from './version';

/**
 * The fast path of `wf-scopes --help`, `--version` and each command's help: they print text that does
 * not depend on anything but the program, so they should cost what starting node costs. The help
 * texts are made at build time from the real commander program (`scripts/build-help.js`, run by
 * `npm run build`) into `help.json` next to this file; this module loads neither commander nor any
 * command. Anything else, or a help request it cannot answer exactly, goes to the full program.
 */

/** The commands whose help the fast path prints (program.ts registers each; a test compares the lists). */
export const COMMANDS: readonly string[] = ['check', 'explain', 'review', 'scan', 'synth', 'catalog', 'diff', 'usage', 'report', 'init'];

/** The argument lists answered from help.json: exactly these, nothing added (`--help --x` is commander's). */
export function helpRequests(): string[][] {
  return [['--help'], ['-h'], ['help'], ...COMMANDS.flatMap((c) => [[c, '--help'], [c, '-h'], ['help', c]])];
}

const VERSION_FLAGS: readonly string[] = ['--version', '-V'];

/** commander's help width when the program's help was made: a pipe or file (80 columns). */
export const HELP_WIDTH = 80;

/** The file `scripts/build-help.js` writes next to the compiled module. */
export const HELP_FILE = 'help.json';

export interface HelpTexts {
  /** Each argument list of `helpRequests()`, joined by a space → what the program prints on stdout. */
  texts: Record<string, string>;
}

export const helpKey = (args: readonly string[]): string => args.join(' ');

/**
 * What to print for `args` (argv without node and the script), or undefined when the full program
 * must answer. `columns` is the width commander would wrap help to: the terminal's when stdout is one,
 * else undefined (80); help made at another width than the texts' is left to commander.
 */
export function quickAnswer(args: readonly string[], help: HelpTexts | undefined, columns: number | undefined): string | undefined {
  if (args.length === 1 && VERSION_FLAGS.includes(args[0] ?? '')) return `${toolVersion()}\n`;
  if (help === undefined || (columns ?? HELP_WIDTH) !== HELP_WIDTH) return undefined;
  return Object.prototype.hasOwnProperty.call(help.texts, helpKey(args)) ? help.texts[helpKey(args)] : undefined;
}

function loadHelp(): HelpTexts | undefined {
  try {
    const doc = JSON.parse(readFileSync(join(__dirname, HELP_FILE), 'utf8')) as unknown;
    const texts = typeof doc === 'object' && doc !== null && 'texts' in doc ? doc.texts : undefined;
    return typeof texts === 'object' && texts !== null ? { texts: texts as Record<string, string> } : undefined;
  } catch {
    return undefined; // not built (ts-jest, a partial build): the full program answers
  }
}

/** bin/'s first step: prints the answer and returns true, or returns false for the full program. */
export function quick(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  // Only a help or version request may be answered: anything else must not even read help.json.
  const candidate = args.length <= 2 && args.some((a) => a === '--help' || a === '-h' || a === 'help' || VERSION_FLAGS.includes(a));
  if (!candidate) return false;
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  const text = quickAnswer(args, VERSION_FLAGS.includes(args[0] ?? '') ? undefined : loadHelp(), columns);
  if (text === undefined) return false;
  process.stdout.write(text);
  return true;
}
