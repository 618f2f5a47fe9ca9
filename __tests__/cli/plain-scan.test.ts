import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainScan } from '../../src/cli/plain-scan';
import { exportText, OKTA, card } from '../scan/helpers';
import { runCli } from './run';
import { commanderParse } from './commander-parse';

/**
 * main() runs a plain scan without commander (src/cli/plain-scan.ts): for every argument list it
 * takes, commander must have parsed the same paths and options, and every other list must go to it.
 */

describe('plain scans, run without commander', () => {
  test.each([
    [['scan', 'exports']],
    [['scan', 'a.flow', 'b.folder', 'c']],
    [['scan', 'exports', '--format', 'json']],
    [['scan', '--format', 'json', 'exports']],
    [['scan', 'a', '-f', 'text', 'b']],
    [['scan', 'exports', '--format', 'markdown']],
    [['scan', 'exports', '-f', 'sarif']],
    [['scan', 'exports', '--format', 'github']],
    [['scan', 'help']],
    [['scan', 'check', 'scan']],
    [['scan', 'a b', 'ünïcode']],
  ])('wf-scopes %j: the paths and options commander gives', async (args) => {
    const plain = plainScan(args);
    expect(plain).toBeDefined();
    expect(await commanderParse('scan', args)).toEqual({ action: [plain?.paths, { format: plain?.format }] });
  });

  test.each([
    [[]],
    [['scan']],
    [['check', 'exports']],
    [['scan', '--format', 'json']],
    [['scan', 'exports', '--format']],
    [['scan', 'exports', '--format', 'yaml']],
    [['scan', 'exports', '--format', 'json', '--format', 'text']],
    [['scan', 'exports', '--format=json']],
    [['scan', 'exports', '-fjson']],
    [['scan', 'exports', '--check', 'scopes.yaml']],
    [['scan', 'exports', '--write', 'scopes.yaml']],
    [['scan', 'exports', '--force']],
    [['scan', 'exports', '--help']],
    [['scan', '--', 'exports']],
    [['scan', '-', 'exports']],
    [['scan', '']],
    [['scan', 'exports', '--unknown']],
    [['--help', 'scan', 'exports']],
  ])('wf-scopes %j goes to commander', (args) => {
    expect(plainScan(args)).toBeUndefined();
  });
});

test('a plain scan process never loads commander; another scan does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-plain-scan-'));
  writeFileSync(join(dir, 'logs.flow'), exportText([{ id: 'l', name: 'Logs', methods: [card(OKTA('searchSystemLogs'), { uuid: 's' })] }]));
  const guard = join(dir, 'guard.js');
  writeFileSync(
    guard,
    `const Module = require('module');
const load = Module._load;
let seen = false;
Module._load = function (request, ...rest) {
  if (request === 'commander') seen = true;
  return load.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write('commander loaded: ' + seen + '\\n'));
`,
  );
  const env = { NODE_OPTIONS: `--require ${guard}` };
  const plain = runCli(['scan', 'logs.flow', '--format', 'json'], { cwd: dir, env });
  expect(plain.code).toBe(0);
  expect(JSON.parse(plain.stdout).totals.oktaCards).toBe(1);
  expect(plain.stderr).toBe('commander loaded: false\n');
  const other = runCli(['scan', 'logs.flow', '--format=json'], { cwd: dir, env });
  expect(other.stdout).toBe(plain.stdout);
  expect(other.stderr).toBe('commander loaded: true\n');
});
