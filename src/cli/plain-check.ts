import { COMMAND_FORMATS, isFormatOf, type CommandFormat } from '../output/format';

/** The options of a plain check, as commander hands them to the check action. */
export interface PlainCheck {
  config?: string;
  format: CommandFormat<'check'>;
  all?: true;
}

/**
 * `args` (argv without node and the script) when they are a plain check: `check`, then at most one
 * each of `--config F` / `-c F`, `--format F` / `-f F` (F one of check's formats) and `--all`, in
 * any order. main() runs these without commander (a pre-commit hook runs check on every commit, and
 * loading commander and the program is a tenth of a small check); anything else (`--config=F`, a
 * repeated flag, a value that is empty or starts with `-`, an argument, a help request) returns
 * undefined and goes to the program, which parses the lists accepted here to the same options
 * (`__tests__/cli/plain-check.test.ts` compares them).
 */
export function plainCheck(args: readonly string[]): PlainCheck | undefined {
  if (args[0] !== 'check') return undefined;
  let config: string | undefined;
  let format: CommandFormat<'check'> | undefined;
  let all = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--all') {
      if (all) return undefined;
      all = true;
      continue;
    }
    const value = args[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if ((a === '--config' || a === '-c') && config === undefined) config = value;
    else if ((a === '--format' || a === '-f') && format === undefined && isFormatOf(COMMAND_FORMATS.check, value)) format = value;
    else return undefined;
  }
  return { ...(config !== undefined ? { config } : {}), format: format ?? COMMAND_FORMATS.check[0], ...(all ? { all: true as const } : {}) };
}
