/**
 * The package as a team adopts it: `npm pack`, the tarball installed into an empty project by npm,
 * offline, with a registry that counts every connection (there must be none), then the CLI and both
 * library entries from there, `wf-scopes init --from` real exports, `npm install`, `cdktf synth`,
 * `wf-scopes synth` and the new project's own `npm test`. Every node process started here also records
 * any connection or DNS lookup it attempts: the run must not reach the network at all.
 *
 * Packed with --ignore-scripts: the jest global setup has just compiled dist/ (a publish builds it
 * again through `prepare`, emptying dist first); the packed file list is checked for stale files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPresent } from '../support/shared';
import { offlineLock, type ProjectPackage } from './offline-lock';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');
const EXPORTS = join(ROOT, '..', 'shared', 'okta-workflows-flows', 'okta-workflows-templates', 'bookmark_application_management');
// Real exports, read in place (shared/okta-workflows-flows/SOURCES.md): absent, the init step is skipped with a warning (in CI it fails).
const testWithExports = sharedPresent('okta-workflows-flows/okta-workflows-templates/bookmark_application_management', 'pack-install init --from test') ? test : test.skip;

const NET_GUARD = `
const fs = require('fs'), net = require('net'), dns = require('dns');
const log = (what) => fs.appendFileSync(process.env.WF_NET_LOG, what + '\\n');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (!(o && typeof o === 'object' && o.path)) log('connect ' + (o && (o.host || o.hostname)) + ':' + (o && o.port) + ' from ' + process.argv.slice(1, 3).join(' '));
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) { log('lookup ' + host); return lookup.call(this, host, ...rest); };
`;

/** The commands of the README's "Adopt it" block, comments dropped: the ones this test runs. */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ADOPT = (/```sh\n([\s\S]*?)```/.exec(README.slice(README.indexOf('## Adopt it: install, then init')))?.[1] ?? '')
  .split('\n')
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l !== '');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let work: string;
let project: string;
let registry: Server;
let registryHits = 0;
let env: NodeJS.ProcessEnv;
let tarball: string;
let packed: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ok = (r: Run): Run => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
};

/** npm, offline, against the counting registry; the lock comes from the repository's (see offline-lock.ts). */
async function npmInstall(): Promise<Run> {
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as ProjectPackage;
  writeFileSync(join(project, 'package-lock.json'), offlineLock(ROOT, pkg, `../${tarball}`));
  return ok(await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project));
}

const bin = (name: string): string => join(project, 'node_modules', '.bin', name);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'wf-pack-'));
  project = join(work, 'adopt');
  mkdirSync(project);
  registry = createServer((socket) => {
    registryHits++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const address = registry.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(join(work, 'net-guard.js'), NET_GUARD);
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: `--require ${join(work, 'net-guard.js')}`,
    WF_NET_LOG: join(work, 'net.log'),
    CHECKPOINT_DISABLE: '1',
    DISABLE_VERSION_CHECK: '1',
    CI: 'true',
    npm_config_registry: `http://127.0.0.1:${port}/`,
    npm_config_update_notifier: 'false',
    ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
  };
  const r = ok(await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT));
  [packed] = JSON.parse(r.stdout) as (typeof packed)[];
  tarball = packed.filename;
});

afterAll(async () => {
  await new Promise((resolve) => registry.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('the witnesses', () => {
  test('the network guard logs a connection and the registry counts one (else the last test would prove nothing)', async () => {
    await run('node', ['-e', "require('net').connect(1, '127.0.0.1').on('error', () => {})"], work);
    const failed = await run('npm', ['view', 'cdktf', 'version', '--fetch-retries=0'], work);
    expect(failed.code).not.toBe(0);
    expect(registryHits).toBeGreaterThan(0);
    expect(readFileSync(env.WF_NET_LOG ?? '', 'utf8')).toMatch(/^connect 127\.0\.0\.1:1 from /m);
    registryHits = 0;
    rmSync(env.WF_NET_LOG ?? '');
  });
});

describe('npm pack', () => {
  test('ships the CLI, the compiled library with its types, the catalog, the schemas, the workflow template and the licence; nothing stale, no tests', () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['bin/wf-scopes.js', 'dist/src/api/index.js', 'dist/src/api/index.d.ts', 'dist/src/api/synth.js', 'dist/src/api/synth.d.ts', 'dist/src/cli/main.js',
      'data/cards.yaml', 'data/risk.yaml', 'schema/scopes.schema.json', '.github/workflows/wf-scopes.yml', 'LICENSE', 'README.md', 'package.json']) {
      expect([f, files.includes(f)]).toEqual([f, true]);
    }
    // Every compiled file has its source (a file left in dist/ by a deleted source would ship otherwise).
    // Made by the build from the program and the data, not compiled from a .ts file.
    const generated = new Set(['dist/src/core/manifest/scopes-validator.js', 'dist/src/cli/help.json', 'dist/src/core/catalog/catalog.json']);
    const stale = files.filter((f) => f.startsWith('dist/') && !generated.has(f) && !existsSync(join(ROOT, f.replace(/^dist\//, '').replace(/(\.d)?\.js$|\.d\.ts$/, '.ts'))));
    expect(stale).toEqual([]);
    expect(files.filter((f) => /(^|\/)__tests__\/|\.map$|^dist\/main\.|^scripts\//.test(f))).toEqual([]);
  });
});

describe('the tarball installed offline into an empty project', () => {
  beforeAll(async () => {
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'adopt', version: '1.0.0', private: true, dependencies: { 'wf-scopes': `file:../${tarball}` } }, null, 2)}\n`);
    await npmInstall();
  });

  test('runs the CLI', async () => {
    expect(ok(await run(bin('wf-scopes'), ['--version'], project)).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(ok(await run(bin('wf-scopes'), ['catalog', '--stats'], project)).stdout).toMatch(/okta/i);
  });

  test("require('wf-scopes') loads a declaration without loading cdktf; require('wf-scopes/synth') has the construct and synthMain", async () => {
    const script = `
      const path = require('path');
      const api = require('wf-scopes');
      const project = api.loadProjectText('version: 1\\norgs: [{name: prod, domain: acme.okta.com}]\\nflows: [{name: Audit, cards: [Okta/Search System Logs]}]\\n', 'scopes.yaml');
      const cdktf = Object.keys(require.cache).some((k) => k.includes(path.sep + 'cdktf' + path.sep));
      const synth = require('wf-scopes/synth');
      const schema = require('wf-scopes/schema/scopes.schema.json');
      const names = (m, list) => list.filter((n) => typeof m[n] !== 'function');
      console.log(JSON.stringify({
        scopes: project.resolution.orgs[0].scopes.map((s) => s.scope),
        cdktf,
        missing: [
          ...names(api, ['loadProject', 'loadCatalog', 'resolve', 'evaluatePolicy', 'riskOf', 'policyDiagnostics', 'defaultManifestFile']),
          ...names(synth, ['synthMain', 'WorkflowsScopesStack', 'WorkflowsOAuthScopes']),
        ],
        schema: typeof schema.properties,
      }));
    `;
    // The names the README's "Adopt it" section gives, and those init's main.ts and test use.
    expect(JSON.parse(ok(await run('node', ['-e', script], project)).stdout)).toEqual({ scopes: ['okta.logs.read'], cdktf: false, missing: [], schema: 'object' });
  });

  test("the README's adoption commands are the ones run here", () => {
    expect(ADOPT).toEqual([
      'npm install wf-scopes',
      'npx wf-scopes init --org-domain acme.okta.com --org-name prod --from ../exports',
      'npm install',
      'npx wf-scopes check',
      'npx cdktf synth',
      'npm test',
    ]);
  });

  testWithExports('init --from real exports, npm install, cdktf synth, wf-scopes synth and the project\'s npm test all pass, and check accepts scopes.yaml', async () => {
    // The README's init line, with its exports folder replaced by real exports.
    const args = ADOPT[1].split(' ').slice(2).map((a) => (a === '../exports' ? EXPORTS : a));
    const init = ok(await run(bin('wf-scopes'), args, project));
    expect(init.stdout).toContain('created scopes.yaml: 1 flow from 1 export');
    expect(init.stdout).toContain(`kept dependencies.wf-scopes "file:../${tarball}"`);
    await npmInstall();
    const check = ok(await run(bin('wf-scopes'), ['check'], project));
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('okta.apps.manage');
    ok(await run(bin('cdktf'), ['synth'], project));
    const stack = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(stack.resource.okta_app_oauth_api_scope.workflows_oauth.scopes).toEqual(['okta.apps.manage', 'okta.groups.read', 'okta.policies.read']);
    const synth = ok(await run(bin('wf-scopes'), ['synth', '--output', 'out2'], project));
    expect(readFileSync(join(project, 'out2', 'stacks', 'prod', 'cdk.tf.json'), 'utf8')).toBe(readFileSync(join(project, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(synth.code).toBe(0);
    const test = ok(await run('npm', ['test'], project));
    expect(`${test.stdout}${test.stderr}`).toMatch(/Tests: +2 passed, 2 total/);
  });

  test('contacted no registry and reached no network', () => {
    expect(registryHits).toBe(0);
    const log = existsSync(env.WF_NET_LOG ?? '') ? readFileSync(env.WF_NET_LOG ?? '', 'utf8') : '';
    expect(log.split('\n').filter((l) => l !== '')).toEqual([]);
  });
});
