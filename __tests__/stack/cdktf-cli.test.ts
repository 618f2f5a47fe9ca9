/**
 * The real `cdktf synth` (cdktf-cli 0.21) on a throwaway project whose app is the synth
 * wiring with a fixed resolution. The stack modules are transpiled here rather than taken from
 * dist/, so the test does not depend on the rest of the tree compiling.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import * as ts from 'typescript';
import type { ResolvedOrg } from '../../src/core/resolve/types';
import { runtimeClosure } from '../support/imports';
import { org, parse, SORTED } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf.js');
// What the app below loads: the synth entry and the diagnostics it throws, with all they import.
const SOURCES = [...new Set([...runtimeClosure('src/synth/synth.ts'), ...runtimeClosure('src/util/diagnostics.ts')])].sort();
const SECRET = 'secret-xyz';
const REPO_CDKTF_JSON = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as Record<string, unknown>;

const ORGS: ResolvedOrg[] = [
  org({ name: 'prod' }),
  org({ name: 'preview', domain: 'acme.oktapreview.com', issuer: 'https://acme.oktapreview.com', app: { label: 'Okta Workflows OAuth' } }),
];

// Plain JS, as main.ts would be once compiled; the project loader is a fake.
const APP = `
const { App } = require('cdktf');
const { UserError } = require('./src/util/diagnostics');
const { synthProject } = require('./src/synth/synth');
const orgs = require('./orgs.json');
process.exitCode = synthProject({
  app: new App(),
  io: { stderr: (t) => process.stderr.write(t), stdout: (t) => process.stdout.write(t), env: process.env, cwd: process.cwd() },
  loadProject(file) {
    if (file.endsWith('broken.yaml')) {
      throw new UserError({ severity: 'error', code: 'unknown-card', message: 'unknown card "Okta/Raed User"', loc: { file: 'broken.yaml', line: 3, column: 5 } });
    }
    const warnings = process.env.FIXTURE_WARN ? [{ severity: 'warning', code: 'inferred-scopes', message: 'scopes are not all stated by Okta', loc: { file: 'scopes.yaml', line: 9, column: 9 } }] : [];
    return { resolution: { orgs, warnings } };
  },
  violations: () => (process.env.FIXTURE_DENY ? [process.env.FIXTURE_DENY + ' is denied by policy'] : []),
});
`;

// Preloaded into every node process the CLI starts: records any attempt to reach the network.
const NET_GUARD = `
const fs = require('fs'), net = require('net'), dns = require('dns');
const log = (what) => fs.appendFileSync(process.env.WF_NET_LOG, what + '\\n');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (!(o && typeof o === 'object' && o.path)) log('connect ' + (o && (o.host || o.hostname)) + ':' + (o && o.port));
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) { log('lookup ' + host); return lookup.call(this, host, ...rest); };
`;

interface Run {
  code: number | null;
  out: string;
  ms: number;
  dir: string;
}

let project: string;

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function synth(name: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = join(project, name);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'synth', '--output', out, ...args], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: pathWithoutTerraform(),
        HOME: join(project, 'home'),
        CDKTF_HOME: join(project, 'home', '.cdktf'),
        CHECKPOINT_DISABLE: '1', // no telemetry (cdktf-cli and terraform)
        DISABLE_VERSION_CHECK: '1', // no `npm view cdktf-cli version`
        CI: '1', // never prompt
        NO_COLOR: '1',
        TERRAFORM_BINARY_NAME: 'wf-scopes-no-such-terraform', // synth must not need terraform (the CLI and
        // cdktf both honour this name; PATH has no terraform either)
        OKTA_API_TOKEN: SECRET,
        OKTA_ORG_NAME: 'env-org-should-not-appear',
        NODE_OPTIONS: `--require ${join(project, 'net-guard.js')} --max-old-space-size=4096`,
        WF_NET_LOG: join(project, `net-${name}.log`),
        ...env,
      },
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out: text, ms: Date.now() - started, dir: out });
    });
  });
}

/** PATH minus every folder holding a terraform binary; `node` stays reachable through bin/. */
function pathWithoutTerraform(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '' && !existsSync(join(d, 'terraform')));
  return [join(project, 'bin'), ...dirs].join(delimiter);
}

function stackDirs(out: string): string[] {
  const dir = join(out, 'stacks');
  return existsSync(dir) ? readdirSync(dir) : [];
}

function netLog(name: string): string {
  const f = join(project, `net-${name}.log`);
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
}

let json: Run, hcl: Run, broken: Run, denied: Run, staleGood: Run, staleBroken: Run, staleStacks: string[], mixed: Run, mixedHcl: string[];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'wf-cdktf-'));
  for (const src of SOURCES) {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, src), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: src,
    });
    write(join(project, src.replace(/\.ts$/, '.js')), outputText);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  mkdirSync(join(project, 'bin'));
  symlinkSync(process.execPath, join(project, 'bin', 'node'));
  write(join(project, 'app.js'), APP);
  write(join(project, 'orgs.json'), JSON.stringify(ORGS));
  write(join(project, 'net-guard.js'), NET_GUARD);
  // The repository's own settings, with only the app swapped for the fixture.
  write(join(project, 'cdktf.json'), JSON.stringify({ ...REPO_CDKTF_JSON, app: 'node app.js' }, null, 2));
  [json, hcl, broken, denied] = await Promise.all([
    synth('json', [], { FIXTURE_WARN: '1' }),
    synth('hcl', ['--hcl']),
    synth('broken', [], { WF_SCOPES_FILE: 'broken.yaml' }),
    synth('denied', [], { FIXTURE_DENY: 'okta.users.manage' }),
    // A good synth, then a broken one into the same folder, as a pipeline reruns it.
    (async () => {
      staleGood = await synth('stale', []);
      staleStacks = stackDirs(staleGood.dir);
      staleBroken = await synth('stale', [], { WF_SCOPES_FILE: 'broken.yaml' });
    })(),
    // HCL, then JSON into the same folder, as a user alternates `wf-scopes synth --hcl` and `cdktf synth`.
    (async () => {
      await synth('mixed', ['--hcl']);
      mixedHcl = readdirSync(join(project, 'mixed', 'stacks', 'prod')).sort();
      mixed = await synth('mixed', []);
    })(),
  ]);
  // eslint-disable-next-line no-console -- timings, only when asked for
  if (process.env.WF_DEBUG_TIMING) console.log({ json: json.ms, hcl: hcl.ms, broken: broken.ms, denied: denied.ms });
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true }); // the node_modules link, not its target
});

describe('cdktf.json', () => {
  test('runs the prebuilt app, never asks about or sends crash reports, needs no provider generation', () => {
    expect(REPO_CDKTF_JSON).toMatchObject({ language: 'typescript', app: 'node dist/main.js', sendCrashReports: 'false', terraformProviders: [] });
    // Without a projectId the CLI writes one into cdktf.json when telemetry is on.
    expect(REPO_CDKTF_JSON.projectId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('cdktf synth (real CLI, no network, no terraform binary)', () => {
  test('exits 0 and writes one stack per org', () => {
    expect(json.out).toContain('Generated Terraform code for the stacks: preview, prod');
    expect(json.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(json.dir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(['preview', 'prod']);
  });

  test('cdk.tf.json grants the sorted scopes, imports by app id, and looks up by label without an id', () => {
    const prod = parse(readFileSync(join(json.dir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(prod.resource?.okta_app_oauth_api_scope).toEqual({
      workflows_oauth: expect.objectContaining({ app_id: '0oa1abcDEF2345', issuer: 'https://acme.okta.com', scopes: SORTED }),
    });
    expect(prod.import).toEqual([{ to: 'okta_app_oauth_api_scope.workflows_oauth', id: '0oa1abcDEF2345' }]);
    expect(prod.terraform?.backend).toEqual({ local: { path: '../../../terraform.prod.tfstate' } });

    const preview = parse(readFileSync(join(json.dir, 'stacks', 'preview', 'cdk.tf.json'), 'utf8'));
    expect(preview.provider?.okta).toEqual([{ org_name: 'acme', base_url: 'oktapreview.com' }]);
    expect(preview.data?.okta_app?.workflows_oauth).toMatchObject({ label: 'Okta Workflows OAuth', active_only: true });
    expect(preview.import).toBeUndefined();
  });

  test('no secret, no env-provided setting and no absolute path in the output', () => {
    for (const stack of ['prod', 'preview']) {
      const text = readFileSync(join(json.dir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('env-org-should-not-appear');
      expect(text).not.toContain(project);
    }
  });

  test('--hcl writes a formatted cdk.tf with the resource and the import block', () => {
    expect(hcl.code).toBe(0);
    expect(existsSync(join(hcl.dir, 'stacks', 'prod', 'cdk.tf.json'))).toBe(false);
    const tf = readFileSync(join(hcl.dir, 'stacks', 'prod', 'cdk.tf'), 'utf8');
    expect(tf).toMatch(/resource "okta_app_oauth_api_scope" "workflows_oauth" \{/);
    expect(tf).toMatch(/import \{\s+to\s+= okta_app_oauth_api_scope\.workflows_oauth\s+id\s+= "0oa1abcDEF2345"\s+\}/);
    expect(tf).toMatch(/scopes\s+= \["okta.groups.manage", "okta.logs.read", "okta.users.read"\]|scopes\s+= \[\s+"okta.groups.manage",\s+"okta.logs.read",\s+"okta.users.read",?\s+\]/);
    expect(tf).not.toContain(SECRET);
  });

  test('invalid input: the diagnostics are shown, exit 1, nothing synthesized', () => {
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('broken.yaml:3:5: error: unknown card "Okta/Raed User"');
    expect(existsSync(join(broken.dir, 'manifest.json'))).toBe(false);
    // `new App()` creates the stacks folder; it must stay empty.
    expect(stackDirs(broken.dir)).toEqual([]);
  });

  test('a policy violation fails the synth, exit 1, nothing synthesized', () => {
    expect(denied.code).toBe(1);
    expect(denied.out).toContain('prod: error: okta.users.manage is denied by policy');
    expect(existsSync(join(denied.dir, 'manifest.json'))).toBe(false);
    expect(stackDirs(denied.dir)).toEqual([]);
  });

  test('each stack requires Terraform >= 1.5, a provider range, and prevents destroying its grants', () => {
    const prod = JSON.parse(readFileSync(join(json.dir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8')) as {
      terraform: { required_version: string; required_providers: { okta: { version: string } } };
      resource: { okta_app_oauth_api_scope: { workflows_oauth: { lifecycle: unknown } } };
    };
    expect(prod.terraform.required_version).toBe('>= 1.5');
    expect(prod.terraform.required_providers.okta.version).toBe('>= 4.20.0, < 7.0.0');
    expect(prod.resource.okta_app_oauth_api_scope.workflows_oauth.lifecycle).toEqual({ prevent_destroy: true });
    const tf = readFileSync(join(hcl.dir, 'stacks', 'prod', 'cdk.tf'), 'utf8');
    expect(tf).toMatch(/required_version\s+= ">= 1.5"/);
    expect(tf).toMatch(/lifecycle \{\s+prevent_destroy = true\s+\}/);
  });

  test('a failed synth into the folder of a good one leaves no stack behind', () => {
    expect(staleGood.code).toBe(0);
    expect(staleStacks).toEqual(['preview', 'prod']);
    expect(staleBroken.code).toBe(1);
    expect(stackDirs(staleBroken.dir)).toEqual([]);
    expect(existsSync(join(staleBroken.dir, 'manifest.json'))).toBe(false);
  });

  test('a warning is printed as it is, never labelled [ERROR] (the CLI labels every stderr line so)', () => {
    expect(json.out).toContain('scopes.yaml:9:9: warning: scopes are not all stated by Okta');
    expect(json.out).not.toContain('[ERROR]');
  });

  test('a JSON synth over an HCL one removes the cdk.tf it left (Terraform would read both)', () => {
    expect(mixedHcl).toContain('cdk.tf');
    expect(mixed.code).toBe(0);
    expect(readdirSync(join(mixed.dir, 'stacks', 'prod')).filter((f) => f.startsWith('cdk.tf'))).toEqual(['cdk.tf.json']);
  });

  test('no process tried to reach the network', () => {
    for (const name of ['json', 'hcl', 'broken', 'denied', 'stale', 'mixed']) expect(netLog(name)).toBe('');
  });
});
