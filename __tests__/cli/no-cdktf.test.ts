import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMAL } from '../fixtures';
import { runCli } from './run';

/**
 * Only `cdktf synth` needs cdktf, which is slow to import: the CLI's commands must never load it
 * (nor the Okta SDK, except diff --source okta). A preload records every module the process loads.
 */
describe('commands that do not synthesize never load cdktf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-nocdktf-'));
  const guard = join(dir, 'guard.js');
  writeFileSync(
    guard,
    `const Module = require('module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, ...rest) {
  if (/^(cdktf|@cdktf\\/|constructs$|@okta\\/okta-sdk-nodejs)/.test(request)) seen.add(request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/'));
  return load.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write('guard loaded: [' + [...seen].sort().join(',') + ']\\n'));
`,
  );
  writeFileSync(join(dir, 'scopes.yaml'), MINIMAL);
  writeFileSync(
    join(dir, 'state.json'),
    JSON.stringify({
      format_version: '1.0',
      values: { root_module: { resources: [{ address: 'okta_app_oauth_api_scope.x', mode: 'managed', type: 'okta_app_oauth_api_scope', name: 'x', values: { app_id: '0oa1', scopes: [] } }] } },
    }),
  );

  test.each([
    [['--help']],
    [['synth', '--help']],
    [['check']],
    [['check', '--format', 'json']],
    [['explain', 'okta.logs.read']],
    [['diff', '--source', 'state', '--file', 'state.json']],
    [['review', '--base-file', 'scopes.yaml']],
    [['scan', 'state.json']],
    [['report']],
    [['report', '--format', 'markdown']],
    [['catalog', '--stats']],
  ])('wf-scopes %j', (args) => {
    // A process: which modules a fresh process loads (jest's registry already holds them).
    const r = runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--require ${guard}` } });
    expect(r.code).not.toBe(-1);
    expect(r.stderr).toContain('guard loaded: []');
  });

  test('the guard itself works: synth code loads cdktf', () => {
    const direct = spawnSync(process.execPath, ['-r', guard, '-e', "require('cdktf')"], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(direct.stderr).toMatch(/guard loaded: \[cdktf[,\]]/);
  });
});
