import { plainCheck } from '../../src/cli/plain-check';
import { runMain } from './run';
import { commanderParse } from './commander-parse';

/**
 * main() runs a plain check without commander (src/cli/plain-check.ts): for every argument list it
 * takes, commander must have handed the check action the same options, and every other list must go to it.
 */

describe('plain checks, run without commander', () => {
  test.each([
    [['check']],
    [['check', '--config', 'scopes.yaml']],
    [['check', '-c', 'a b.yaml']],
    [['check', '--format', 'json']],
    [['check', '-f', 'sarif', '--config', 'x.yaml']],
    [['check', '--format', 'github', '-c', 'ünïcode.yaml', '--all']],
    [['check', '--all']],
    [['check', '--all', '--format', 'text']],
    [['check', '--config', 'check']],
    [['check', '--config', 'help']],
  ])('wf-scopes %j: the options commander gives', async (args) => {
    const plain = plainCheck(args);
    expect(plain).toBeDefined();
    expect(await commanderParse('check', args)).toEqual({ action: [plain] });
  });

  test.each([
    [[]],
    [['scan', 'exports']],
    [['check', 'scopes.yaml']],
    [['check', '--config']],
    [['check', '--config', '']],
    [['check', '--config', '-x.yaml']],
    [['check', '--config=scopes.yaml']],
    [['check', '-cscopes.yaml']],
    [['check', '--config', 'a', '--config', 'b']],
    [['check', '--format', 'yaml']],
    [['check', '--format', 'markdown']],
    [['check', '--format', 'json', '-f', 'text']],
    [['check', '--all', '--all']],
    [['check', '--help']],
    [['check', '-h']],
    [['check', '--', 'x']],
    [['check', '--unknown', 'x']],
    [['--help', 'check']],
  ])('wf-scopes %j goes to commander', (args) => {
    expect(plainCheck(args)).toBeUndefined();
  });
});

test('a plain check gives the same result as the program, in every format, valid or not', async () => {
  for (const config of ['scopes.yaml', 'examples/no-such-file.yaml']) {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const plain = await runMain(['check', '--config', config, '--format', format]);
      const program = await runMain(['check', `--config=${config}`, `--format=${format}`]);
      expect(plain).toEqual(program);
      expect(plain.code).toBe(config === 'scopes.yaml' ? 0 : 1);
    }
  }
});
