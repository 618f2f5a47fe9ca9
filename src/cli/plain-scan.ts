import { COMMAND_FORMATS, type CommandFormat } from '../output/format';

/** The paths and the format of a plain scan. */
export interface PlainScan {
  paths: string[];
  format: CommandFormat<'scan'>;
}

const FORMATS: readonly string[] = COMMAND_FORMATS.scan;
const isFormat = (v: string | undefined): v is CommandFormat<'scan'> => v !== undefined && FORMATS.includes(v);

/**
 * `args` (argv without node and the script) when they are a plain scan: `scan`, then one or more
 * paths and at most one `--format F` or `-f F` with F one of scan's formats, in any order. main()
 * runs these without commander; anything else (another flag, `--format=json`, a path that starts with
 * `-` or is empty, a help request) returns undefined and goes to the program, which parses the lists
 * accepted here to the same paths and options (`__tests__/cli/plain-scan.test.ts` compares them).
 */
export function plainScan(args: readonly string[]): PlainScan | undefined {
  if (args[0] !== 'scan') return undefined;
  const paths: string[] = [];
  let format: CommandFormat<'scan'> | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--format' || a === '-f') {
      const value = args[++i];
      if (format !== undefined || !isFormat(value)) return undefined;
      format = value;
    } else if (a === '' || a.startsWith('-')) return undefined;
    else paths.push(a);
  }
  return paths.length > 0 ? { paths, format: format ?? COMMAND_FORMATS.scan[0] } : undefined;
}
