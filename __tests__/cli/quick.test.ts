import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program';
import { COMMANDS, HELP_FILE, HELP_WIDTH, helpKey, helpRequests, quickAnswer, type HelpTexts } from '../../src/cli/quick';
import { toolVersion } from '../../src/cli/version';
import { ROOT, runCli, runMain } from './run';

/**
 * `--help`, `--version` and each command's help are answered by src/cli/quick.ts from the texts
 * scripts/build-help.js made of the real program at build time (the jest global setup builds them):
 * they must be exactly what the program prints, at the width the program would print them.
 */
const BUILT = join(ROOT, 'dist', 'src', 'cli', HELP_FILE);
const help = (): HelpTexts => JSON.parse(readFileSync(BUILT, 'utf8')) as HelpTexts;

/** commander wraps help to the terminal when stdout is one: run the program as a pipe would see it. */
async function asPipe<T>(f: () => Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
  try {
    return await f();
  } finally {
    if (saved) Object.defineProperty(process.stdout, 'isTTY', saved);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
}

describe('the help fast path', () => {
  test('knows every command of the program, and only those', () => {
    const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, env: {}, cwd: ROOT }, () => undefined);
    expect([...COMMANDS].sort()).toEqual(program.commands.map((c) => c.name()).sort());
  });

  test.each(helpRequests().map((args) => [args.join(' ')]))('wf-scopes %s prints what the program prints', async (joined) => {
    const args = joined.split(' ');
    const r = await asPipe(() => runMain(args));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(quickAnswer(args, help(), undefined)).toBe(r.stdout);
    expect(quickAnswer(args, help(), HELP_WIDTH)).toBe(r.stdout);
  });

  test('a terminal of another width than the texts\' gets the program, which wraps to it', async () => {
    const texts = help();
    expect(quickAnswer(['--help'], texts, 120)).toBeUndefined();
    expect(quickAnswer(['scan', '--help'], texts, 40)).toBeUndefined();
    // The wrapping differs indeed: the text made at 80 columns would be wrong in a 40-column terminal.
    const saved = { isTTY: Object.getOwnPropertyDescriptor(process.stdout, 'isTTY'), columns: Object.getOwnPropertyDescriptor(process.stdout, 'columns') };
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    Object.defineProperty(process.stdout, 'columns', { value: 40, configurable: true });
    let narrow: string;
    try {
      narrow = (await runMain(['scan', '--help'])).stdout;
    } finally {
      for (const [k, d] of Object.entries(saved)) {
        if (d) Object.defineProperty(process.stdout, k, d);
        else delete (process.stdout as unknown as Record<string, unknown>)[k];
      }
    }
    expect(narrow).not.toBe(texts.texts[helpKey(['scan', '--help'])]);
  });

  test('--version and -V print the version; anything else is the program\'s', () => {
    expect(quickAnswer(['--version'], undefined, 33)).toBe(`${toolVersion()}\n`);
    expect(quickAnswer(['-V'], undefined, undefined)).toBe(`${toolVersion()}\n`);
    for (const args of [[], ['check'], ['--help', '--verbose'], ['scan', '--help', 'x'], ['help', 'nope'], ['--version', 'x'], ['toString', '--help']]) {
      expect(quickAnswer(args, help(), undefined)).toBeUndefined();
    }
  });

  test('the process: --help loads neither commander nor a command, and prints the text', () => {
    // A process: which modules a fresh process loads.
    const dir = mkdtempSync(join(tmpdir(), 'wf-quick-'));
    const guard = join(dir, 'guard.js');
    writeFileSync(
      guard,
      `const Module = require('module');
const load = Module._load;
const seen = [];
Module._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };
process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify(seen) + '\\n'));
`,
    );
    const r = runCli(['--help'], { env: { NODE_OPTIONS: `--require ${guard}` } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(help().texts[helpKey(['--help'])]);
    const loaded = JSON.parse(/loaded: (.*)/.exec(r.stderr)?.[1] ?? 'null') as string[];
    expect(loaded).toContain('../dist/src/cli/quick.js');
    // The checkout's own folder may be called `main`: only the program's modules count.
    expect(loaded.filter((m) => /commander|cli\/main|commands\//.test(m))).toEqual([]);
    // The same guard sees commander when the program runs.
    expect(runCli(['catalog', '--stats'], { env: { NODE_OPTIONS: `--require ${guard}` } }).stderr).toMatch(/"commander"/);
  });
});
