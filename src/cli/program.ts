import { Command, CommanderError, Option } from 'commander';
import { EXIT_ERROR, type CliIo } from './io';
import { reportFailure, runCommand } from './fail';
import { toolVersion } from './version';
import { formatOption } from './format-option';
import type { CommandFormat } from '../output/format';

/**
 * The `wf-scopes` command line. Each command loads its own modules when it runs, so `--help` and the
 * commands that do not synthesize never import cdktf (slow) or the Okta SDK.
 */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('wf-scopes')
    .description('Declare, synthesize and audit the Okta API scopes granted to the Okta Workflows OAuth app.')
    .version(toolVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();

  const run: Run = (load) => async () => setExit(await runCommand(io, load));

  addCheck(program, run, io);
  addExplain(program, run, io);
  addReview(program, run, io);
  addScan(program, run, io);
  addSynth(program, run, io);
  addCatalog(program, run, io);
  addDiff(program, run, io);
  addUsage(program, run, io);
  addReport(program, run, io);
  addInit(program, run, io);
  return program;
}

/** Wraps a command's lazily loaded handler: its exit code, or the failure reported on stderr. */
type Run = (load: () => Promise<number>) => () => Promise<void>;

function addCheck(program: Command, run: Run, io: CliIo): void {
  program
    .command('check')
    .description('validate scopes.yaml and print, per org, the scopes to grant and why each is needed')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .addOption(formatOption('check', 'output format (json, sarif and github list every problem as a finding on stdout)'))
    .option('--all', 'text: list every flow and reason of each scope (default: the first five, then "… and N more")')
    .addHelpText('after', '\nExit codes: 0 valid, 1 invalid input or a policy violation (every problem is listed with file:line:column).')
    .action((opts: { config?: string; format: CommandFormat<'check'>; all?: boolean }) =>
      run(async () => (await import('./commands/check')).runCheck(opts, io))(),
    );
}

function addExplain(program: Command, run: Run, io: CliIo): void {
  program
    .command('explain')
    .description('explain a 403 from an Okta card: the missing scope, what needs it, whether scopes.yaml grants it, and the fix')
    .argument('<input...>', 'a www-authenticate header, a scope name, METHOD /path, an E0000006 error, or - to read stdin')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml, skipped when absent)')
    .addOption(formatOption('explain'))
    .option('--connection', "read the org's grants, connection tokens and System Log (credentials as for diff) and say whether a reauthorization is the fix")
    .option('--org <name>', 'with --connection: the org to read (default: every org)')
    .addOption(
      new Option('--org-url <[name=]url>', 'with --connection: override https://<domain> of an org').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
    )
    .option('--since <days>', 'with --connection: the System Log window in days, 1 to 90 (default 30)')
    .option('--all', 'text: list every card that needs a scope and every reason it is granted (default: the first few, then "… and N more")')
    .addHelpText(
      'after',
      '\nExample:\n  wf-scopes explain \'www-authenticate: Bearer scope="okta.logs.read", error="insufficient_scope", resource="/api/v1/logs"\'\n' +
        '\nExit codes: 0 explained, 1 unreadable input or declaration.',
    )
    .action((input: string[], opts: import('./commands/explain').ExplainOptions) =>
      run(async () => (await import('./commands/explain')).runExplain(input, opts, io))(),
    );
}

function addReview(program: Command, run: Run, io: CliIo): void {
  program
    .command('review')
    .description('review a change to scopes.yaml: changes of where the grants go, scopes added and removed per org, their risk, the cards behind them, and policy findings')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .option('--base <ref>', 'compare with the declaration at this git revision (default: HEAD, inside a git repository)')
    .option('--base-file <file>', 'compare with this earlier scopes.yaml')
    .addOption(
      new Option('--plan <file>', 'compare with the grants before a Terraform plan (terraform show -json of a saved plan; repeat per stack)').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .option('--flows <paths...>', 'flow exports (.flow, .folder, .flopack files or folders): flag a removed scope their cards still need')
    .option('--usage <file>', 'the output of `wf-scopes usage --format json`: when each scope added or removed was last seen (writes only)')
    .option('--drift <file>', 'the output of `wf-scopes diff --format json`: each org opens with what its app holds now and what approving grants and revokes from there')
    .addOption(formatOption('review'))
    .addHelpText(
      'after',
      '\nIn a pull request, compare with its target: --base origin/main (fetch it first). The default, HEAD,\n' +
        'reviews uncommitted edits. `--format github` prints workflow-command annotations for GitHub Actions.\n' +
        '\nExit codes: 0 nothing to decide, 2 a high-risk scope is added, the policy is violated, a removed scope is\n' +
        'still needed by a card of the --flows exports, or what decides where the grants go changes (domain, app,\n' +
        'envPrefix, allowEmpty, Terraform backend/versions/preventDestroy, an org added or removed, or, with --drift,\n' +
        'an apply revokes a connection default); 1 error.',
    )
    .action((opts: { config?: string; base?: string; baseFile?: string; plan?: string[]; flows?: string[]; usage?: string; drift?: string; format: CommandFormat<'review'> }) =>
      run(async () => (await import('./commands/review')).runReview(opts, io))(),
    );
}

function addScan(program: Command, run: Run, io: CliIo): void {
  program
    .command('scan')
    .description('list the Okta-family cards, Custom API calls and scopes of exported flows; write scopes.yaml from them or check it against them')
    .argument('<paths...>', 'export files (.flow, .folder, .flopack, or .json holding a flopack) or folders to search for them (node_modules and hidden folders only when named)')
    .addOption(formatOption('scan', 'output format (markdown, sarif and github with --check)'))
    .option('-w, --write <file>', 'create the declaration from the exports, or merge them into it (comments and hand-written entries are kept)')
    .option('--org-domain <domain>', 'with --write: the org domain of a new file, e.g. acme.okta.com; in an existing file, the org the exports are from')
    .option('--org-name <name>', "with --write: the org name of a new file (default: the domain's first label); in an existing file, the org the exports are from (new flows get orgs: [name] when it declares others)")
    .option('--force', "with --write: merge into a file that still holds the shipped example's flows, or replace a read-only one (its mode is kept)")
    .option('--check <file>', 'report the cards the exports use that this declaration does not declare, and declared cards no export uses')
    .addHelpText(
      'after',
      '\nExit codes: 0 done; 1 a file could not be read (the others are still reported; --write then writes\n' +
        'nothing) or invalid input; 2 (--check) a card the declaration lacks likely fails with 403.',
    )
    .action((paths: string[], opts: { format: CommandFormat<'scan'>; write?: string; force?: boolean; check?: string; orgDomain?: string; orgName?: string }) =>
      run(async () => (await import('./commands/scan')).runScan(paths, opts, io))(),
    );
}

function addSynth(program: Command, run: Run, io: CliIo): void {
  program
    .command('synth')
    .description('synthesize the Terraform of every org (what `cdktf synth` writes), in-process and without the cdktf CLI')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .option('-o, --output <dir>', "output folder (default: cdktf.json's output, else cdktf.out)")
    .option('--hcl', 'write cdk.tf (HCL, formatted like terraform fmt) instead of cdk.tf.json', false)
    .addHelpText(
      'after',
      '\nWrites <output>/stacks/<org>/cdk.tf.json (or cdk.tf) and <output>/manifest.json, the same files as\n' +
        '`cdktf synth`. A declaration error or a policy violation writes nothing.\n' +
        '\nExit codes: 0 written, 1 invalid input or policy violation.',
    )
    .action((opts: { config?: string; output?: string; hcl: boolean }) =>
      run(async () => (await import('./commands/synth')).runSynth(opts, io))(),
    );
}

function addCatalog(program: Command, run: Run, io: CliIo): void {
  program
    .command('catalog')
    .description('list every card the catalog knows with its scopes, the evidence level, source and reading date of each; --stats counts them')
    .addOption(formatOption('catalog'))
    .option('--stats', 'only the counts per connector and evidence level')
    .option('--stale <days>', 'only the rows whose source was not read in the last <days> days (or never recorded), and those sources')
    .addHelpText(
      'after',
      '\nEvidence levels: stated (Okta\'s scopes table or a support article), template (an official template\'s readme),\n' +
        'inferred (the endpoint the card calls, per the OpenAPI spec), analogy (an analogous card\'s stated scope).\n' +
        'Each source carries the day it was last read (checked); --stale counts days back from today ($WF_SCOPES_TODAY, else the clock).\n' +
        '\nExit codes: 0 listed, 1 a bad flag or the catalog data could not be loaded.',
    )
    .action((opts: { format: CommandFormat<'catalog'>; stats?: boolean; stale?: string }) =>
      run(async () => (await import('./commands/catalog')).runCatalog(opts, io))(),
    );
}

function addDiff(program: Command, run: Run, io: CliIo): void {
  program
    .command('diff')
    .description('report drift between scopes.yaml and what the org (or Terraform) grants the Workflows OAuth app')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .option('--org <name>', 'only this org (default: every org)')
    .addOption(new Option('--source <source>', 'what to compare against').choices(['okta', 'state', 'plan']).default('okta'))
    .option('--file <file>', 'with --source state|plan: the output of `terraform show -json`')
    .addOption(
      new Option('--org-url <[name=]url>', 'override https://<domain> of an org: NAME=URL, repeatable; a bare URL when one org is selected (http only for loopback hosts)').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .addOption(formatOption('diff'))
    .addOption(new Option('--fail-on <kind>', 'which drift exits 2').choices(['missing', 'any', 'none']).default('any'))
    .option('--timeout <seconds>', 'per HTTP request', '30')
    .option('--retries <n>', 'retries per request after 429, 5xx or a dropped connection', '3')
    .option('--concurrency <n>', 'orgs read at the same time', '4')
    .option('--connection', "also check that the Okta connections' newest tokens carry the granted scopes (app tokens: okta.apps.read; System Log: okta.logs.read)")
    .option('--since <days>', 'with --connection: the System Log window in days, 1 to 90 (default 30)')
    .addHelpText(
      'after',
      `
Credentials (--source okta), the same variables as the Terraform Okta provider:
  OKTA_API_TOKEN                      an API token (SSWS), or
  OKTA_API_CLIENT_ID + OKTA_API_PRIVATE_KEY [+ OKTA_API_PRIVATE_KEY_ID, OKTA_API_SCOPES]
                                      a service app; needs okta.apps.read and okta.appGrants.read
                                      (--connection: okta.logs.read too, for the System Log)
  OKTA_ACCESS_TOKEN                   or an OAuth access token obtained elsewhere (used first when set)
An org with \`envPrefix: PROD_\` in scopes.yaml reads PROD_OKTA_API_TOKEN, PROD_OKTA_API_CLIENT_ID, ... instead.
Two orgs diffed in one run need different envPrefixes: one org's credentials never go to another org.
An org that cannot be read is reported as an error for that org; the others are still compared.
Only GET requests are sent. Exit codes: 0 in sync, 2 drift (per --fail-on), 1 error (any org).`,
    )
    .action((opts: import('./commands/diff').DiffOptions) => run(async () => (await import('./commands/diff')).runDiff(opts, io))());
}

function addUsage(program: Command, run: Run, io: CliIo): void {
  program
    .command('usage')
    .description("what the Workflows OAuth app's client wrote in the System Log window, per granted scope, and the writes no declared card explains")
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .option('--org <name>', 'only this org (default: every org)')
    .addOption(
      new Option('--org-url <[name=]url>', 'override https://<domain> of an org: NAME=URL, repeatable; a bare URL when one org is selected').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .addOption(formatOption('usage'))
    .option('--since <days>', 'the System Log window in days, 1 to 90', '30')
    .option('--timeout <seconds>', 'per HTTP request', '30')
    .option('--retries <n>', 'retries per request after 429, 5xx or a dropped connection', '3')
    .option('--concurrency <n>', 'orgs read at the same time', '4')
    .addHelpText(
      'after',
      `
Needs okta.apps.read and okta.appGrants.read (the app and its grants) and okta.logs.read (the System Log).
Okta logs writes only: a read scope is "not observable", and no scope is ever called unused.
Exit codes: 0 every org's log read, 1 an org or its log could not be read.`,
    )
    .action((opts: import('./commands/usage').UsageOptions) => run(async () => (await import('./commands/usage')).runUsage(opts, io))());
}

function addReport(program: Command, run: Run, io: CliIo): void {
  program
    .command('report')
    .description('write an access review: per org, the decision first (what the app holds, what approving grants and revokes, the policy), then every scope with its risk, evidence, the flows that need it, exceptions, a scopes x flows matrix, and drift')
    .option('-c, --config <file>', 'the declaration (default: $WF_SCOPES_FILE or scopes.yaml)')
    .option('--org <name>', 'only this org (default: every org)')
    .option('--drift <file>', 'the output of `wf-scopes diff --format json`: adds the missing and extra scopes')
    .option('--usage <file>', 'the output of `wf-scopes usage --format json`: adds when each scope was last seen (writes only)')
    .option('--since <previous>', 'a previous report.html, a git revision or a scopes.yaml: adds, per org, the scopes added and removed since')
    .option('--controls <framework>', 'soc2, nist or none (default): tag each finding with the control it evidences (data/controls.yaml)')
    .addOption(formatOption('report'))
    .option('-o, --output <file>', 'write here (atomically) instead of to stdout')
    .option('--now <date>', 'the generated-at date or date-time, also the day exceptions expire by (default: $WF_SCOPES_TODAY, else the clock)')
    .addHelpText(
      'after',
      '\nExample:\n  wf-scopes diff --format json > drift.json; wf-scopes report --drift drift.json --output report.html\n' +
        '\nThe HTML page is self-contained (no request of any kind) and prints to PDF.\n' +
        'Exit codes: 0 written (policy violations and drift are shown in the report), 1 error (nothing written).',
    )
    .action((opts: import('./commands/report').ReportOptions) => run(async () => (await import('./commands/report')).runReport(opts, io))());
}

function addInit(program: Command, run: Run, io: CliIo): void {
  program
    .command('init')
    .description('write a ready project into a folder: package.json, the cdktf app, scopes.yaml (from exports with --from), the GitHub workflow, a test')
    .option('--org-domain <domain>', 'the org domain, e.g. acme.okta.com')
    .option('--org-name <name>', "the org name (default: the domain's first label); it becomes the Terraform stack name")
    .option('--from <path>', 'flow exports (a folder or file of .flow, .folder, .flopack) to scan into scopes.yaml (default: a starter without flows)')
    .option('--dir <dir>', 'the project folder (default: the current one; created when it does not exist)')
    .option('--force', 'replace files that exist, and package.json keys whose values differ')
    .addHelpText(
      'after',
      '\nExample:\n  npm install wf-scopes && npx wf-scopes init --org-domain acme.okta.com --org-name prod --from flows/\n' +
        '\npackage.json is merged (scripts and dependencies added, no key changed); any other file that exists stops\n' +
        'init with nothing written, unless --force.\n' +
        '\nExit codes: 0 written, 1 a bad flag, an unreadable export or a file in the way (nothing written).',
    )
    .action((opts: import('./commands/init').InitCliOptions) => run(async () => (await import('./commands/init')).runInit(opts, io))());
}

/** Runs the commander program over `argv` (main() takes the plain scans first); resolves to the exit code. */
export async function runProgram(argv: string[], io: CliIo): Promise<number> {
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
