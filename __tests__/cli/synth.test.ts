/**
 * `wf-scopes synth` against the real `cdktf synth` on the shipped example: the same files, JSON for
 * JSON; `--hcl` that `terraform fmt -check` accepts; nothing written on failure. (Speed is in
 * `npm run bench`, not here.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { unwrapInterpolationOnly, withFinalNewline } from '../../src/synth/hcl';
import { MINIMAL } from '../fixtures';
import { ROOT, runMain, type RunResult } from './run';

const CDKTF = join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf.js');
const EXAMPLE = join(ROOT, 'scopes.yaml');

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** A terraform binary on PATH, if any (tests never download providers; fmt needs none). */
function terraformBinary(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) if (d && existsSync(join(d, 'terraform'))) return join(d, 'terraform');
  return undefined;
}

describe('wf-scopes synth writes what cdktf synth writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-synth-'));
  const settings = { language: 'typescript', app: `node ${join(ROOT, 'dist', 'main.js')}`, sendCrashReports: 'false', projectId: 'wf-scopes-test', context: {} };
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify(settings));
  const env = { WF_SCOPES_FILE: EXAMPLE, WF_SCOPES_TODAY: '2026-01-15' };
  let cli: ReturnType<typeof spawnSync>;
  let ours: RunResult;

  beforeAll(async () => {
    cli = spawnSync(process.execPath, [CDKTF, 'synth', '--output', join(dir, 'by-cdktf')], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CI: '1', ...env },
      encoding: 'utf8',
      timeout: 180_000,
    });
    ours = await runMain(['synth', '--output', 'by-wf-scopes'], { cwd: dir, env });
  }, 200_000);

  test('the same files, JSON-identical (in fact byte-identical)', async () => {
    expect(cli.status).toBe(0);
    expect(ours.code).toBe(0);
    const a = join(dir, 'by-cdktf');
    const b = join(dir, 'by-wf-scopes');
    expect(files(b)).toEqual(files(a));
    expect(files(b)).toEqual(expect.arrayContaining(['manifest.json', 'stacks/prod/cdk.tf.json']));
    for (const f of files(a)) {
      expect({ f, doc: json(join(b, f)) }).toEqual({ f, doc: json(join(a, f)) });
      expect({ f, text: readFileSync(join(b, f), 'utf8') }).toEqual({ f, text: readFileSync(join(a, f), 'utf8') });
    }
    // No scratch folder is left beside the output.
    expect(readdirSync(dir).filter((n) => n.includes('wf-scopes-'))).toEqual([]);
  });

  test('warnings are printed as warnings, never as errors; stdout names the stacks', async () => {
    expect(ours.stderr).toMatch(/scopes\.yaml:\d+:\d+: warning: /);
    expect(ours.stderr).not.toMatch(/\[ERROR\]|(^|\n)[^\n]*: error: /);
    expect(ours.stdout).toMatch(/^Generated Terraform code for the stacks: \S+/);
  });

  test('--hcl: cdk.tf per stack that terraform fmt -check accepts, and the cdk.tf.json of an earlier run is gone', async () => {
    const out = join(dir, 'by-wf-scopes');
    const r = await runMain(['synth', '--hcl', '--output', 'by-wf-scopes'], { cwd: dir, env });
    expect(r.code).toBe(0);
    const stacks = readdirSync(join(out, 'stacks'));
    for (const s of stacks) {
      expect(existsSync(join(out, 'stacks', s, 'cdk.tf'))).toBe(true);
      // Terraform would read both files of a folder and see every resource twice.
      expect(existsSync(join(out, 'stacks', s, 'cdk.tf.json'))).toBe(false);
      const tf = readFileSync(join(out, 'stacks', s, 'cdk.tf'), 'utf8');
      expect(tf).toMatch(/resource "okta_app_oauth_api_scope" "workflows_oauth" \{/);
      expect(tf).not.toMatch(/= "\$\{[^"]*\}"$/m);
    }
    const terraform = terraformBinary();
    if (!terraform) {
      // eslint-disable-next-line no-console -- says which check did not run
      console.log('no terraform binary on PATH: terraform fmt -check not run (the HCL checks above still ran)');
      return;
    }
    const fmt = spawnSync(terraform, ['fmt', '-check', '-recursive', '-list=true', out], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1' } });
    expect({ code: fmt.status, unformatted: fmt.stdout }).toEqual({ code: 0, unformatted: '' });
  });

  test('re-synthesizing keeps a stack folder (its .terraform) and removes folders of stacks no longer declared', async () => {
    const out = join(dir, 'keep');
    mkdirSync(join(out, 'stacks', 'prod', '.terraform'), { recursive: true });
    writeFileSync(join(out, 'stacks', 'prod', '.terraform', 'marker'), 'x');
    mkdirSync(join(out, 'stacks', 'gone'), { recursive: true });
    writeFileSync(join(out, 'stacks', 'gone', 'cdk.tf.json'), '{}');
    const r = await runMain(['synth', '-o', 'keep'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'stacks', 'prod', '.terraform', 'marker'))).toBe(true);
    expect(existsSync(join(out, 'stacks', 'gone'))).toBe(false);
    expect(existsSync(join(out, 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
  });

  test('a declaration error or a policy violation writes nothing and leaves no stacks of earlier runs', async () => {
    writeFileSync(join(dir, 'broken.yaml'), MINIMAL.replace('Okta/Deactivate User', 'Okta/Deactivate Usr'));
    const broken = await runMain(['synth', '--config', 'broken.yaml', '--output', 'never'], { cwd: dir, env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: error: /);
    expect(broken.stdout).toBe('');
    expect(existsSync(join(dir, 'never'))).toBe(false);

    // A later `terraform plan` on the output must not act on the last good declaration: it is removed.
    expect(existsSync(join(dir, 'keep', 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
    writeFileSync(join(dir, 'denied.yaml'), `${MINIMAL}policy:\n  deny: [okta.logs.read]\n`);
    const denied = await runMain(['synth', '--config', 'denied.yaml', '--output', 'keep'], { cwd: dir, env });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/policy deny/);
    expect(existsSync(join(dir, 'keep', 'manifest.json'))).toBe(false);
    expect(existsSync(join(dir, 'keep', 'stacks', 'prod'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('wf-scopes-'))).toEqual([]);
  });
});

describe('hostile text in scopes.yaml: cdktf synth and wf-scopes synth write the same escaped bytes', () => {
  test('${ and %{ stay escaped through CDKTF (it reads only its own ${TfToken[…]} markers)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-synth-hostile-'));
    const settings = { language: 'typescript', app: `node ${join(ROOT, 'dist', 'main.js')}`, sendCrashReports: 'false', projectId: 'wf-scopes-test', context: {} };
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify(settings));
    writeFileSync(
      join(dir, 'scopes.yaml'),
      [
        'version: 1',
        'terraform:',
        `  backend: {type: s3, bucket: '\${file("/etc/passwd")} "q" \\', key: "wf/{org}", region: us-east-1}`,
        'orgs:',
        '  - name: prod',
        '    domain: acme.okta.com',
        `    app: {label: 'x"y\\z \${file("/etc/passwd")} %{ if true }EOF $\${q}'}`,
        'flows:',
        '  - name: "${x}"',
        '    cards: [Okta/Read User]',
        '',
      ].join('\n'),
    );
    const env = { WF_SCOPES_TODAY: '2026-01-15' };
    const cli = spawnSync(process.execPath, [CDKTF, 'synth', '--output', join(dir, 'by-cdktf')], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CI: '1', ...env },
      encoding: 'utf8',
      timeout: 180_000,
    });
    const ours = await runMain(['synth', '--output', 'by-wf-scopes'], { cwd: dir, env });
    expect(cli.status).toBe(0);
    expect(ours.code).toBe(0);
    const a = join(dir, 'by-cdktf');
    const b = join(dir, 'by-wf-scopes');
    expect(files(b)).toEqual(files(a));
    for (const f of files(a)) expect({ f, text: readFileSync(join(b, f), 'utf8') }).toEqual({ f, text: readFileSync(join(a, f), 'utf8') });
    const doc = json(join(b, 'stacks', 'prod', 'cdk.tf.json')) as { data: { okta_app: { workflows_oauth: { label: string } } }; terraform: { backend: { s3: { bucket: string } } } };
    expect(doc.data.okta_app.workflows_oauth.label).toBe('x"y\\z $${file("/etc/passwd")} %%{ if true }EOF $$${q}');
    expect(doc.terraform.backend.s3.bucket).toBe('$${file("/etc/passwd")} "q" \\');
  }, 200_000);
});

describe('HCL rewrites terraform fmt would make', () => {
  test('interpolation-only attribute values become the bare reference; anything else stays', async () => {
    const input = [
      'resource "x" "y" {',
      '  app_id = "${data.okta_app.workflows_oauth.id}"',
      '  value       = "${data.okta_app.workflows_oauth.id}"',
      '  name = "prefix-${var.x}"',
      '  two = "${a}${b}"',
      '  s = "${"nested"}"',
      '  plain = "okta.logs.read"',
      '  escaped = "$${data.okta_app.workflows_oauth.id}"',
      '}',
    ].join('\n');
    expect(unwrapInterpolationOnly(input).split('\n')).toEqual([
      'resource "x" "y" {',
      '  app_id = data.okta_app.workflows_oauth.id',
      '  value       = data.okta_app.workflows_oauth.id',
      '  name = "prefix-${var.x}"',
      '  two = "${a}${b}"',
      '  s = "${"nested"}"',
      '  plain = "okta.logs.read"',
      '  escaped = "$${data.okta_app.workflows_oauth.id}"',
      '}',
    ]);
    expect(withFinalNewline('a')).toBe('a\n');
    expect(withFinalNewline('a\n')).toBe('a\n');
  });
});
