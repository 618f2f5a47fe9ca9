import { Command, CommanderError, Option } from 'commander';
import { EXIT_ERROR, processIo, type CliIo } from './io';
import { reportFailure } from './fail';

const VERSION = '0.1.0';

/**
 * The `wf-scopes` command line. Each command loads its own modules when it runs, so `--help` and the
 * commands that do not synthesize never import cdktf (slow) or the Okta SDK.
 */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('wf-scopes')
    .description('Declare, synthesize and audit the Okta API scopes granted to the Okta Workflows OAuth app.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();

  const run = (load: () => Promise<number>) => async () => {
    try {
      setExit(await load());
    } catch (err) {
      setExit(reportFailure(err, io));
    }
  };

  program
    .command('check')
    .description('validate scopes.yaml and print, per org, the scopes to grant and why each is needed')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 valid, 1 invalid input (every problem is listed with file:line:column).')
    .action((opts: { config?: string; format: 'text' | 'json' }) =>
      run(async () => (await import('./commands/check')).runCheck(opts, io))(),
    );

  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors already printed their message.
      return err.exitCode === 0 ? 0 : EXIT_ERROR;
    }
    return reportFailure(err, io);
  }
  return code;
}
