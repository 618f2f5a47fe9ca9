/**
 * Issue 20, "a clean first hour": what a new user meets first, each point run through the CLI in-process.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { OKTA, card, exportText, tempDir } from '../scan/helpers';
import { spawn } from 'node:child_process';
import { BIN, ROOT, runMain } from './run';

const SHIPPED = readFileSync(join(ROOT, 'scopes.yaml'), 'utf8');

/** A folder with the shipped example as scopes.yaml and one export with one new flow. */
function forkWithExports(): string {
  return tempDir('wf-first-', {
    'scopes.yaml': SHIPPED,
    'flows/audit.flow': exportText([{ id: 'a', name: 'Audit admins', methods: [card(OKTA('searchSystemLogs'), { uuid: 's', title: 'Search System Logs' })] }]),
  });
}

const README_STEP_2 = ['scan', 'flows/', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com', '--org-name', 'prod'];

describe('scan --write into the shipped example', () => {
  test('is refused, naming the example flows it would keep, and writes nothing', async () => {
    const dir = forkWithExports();
    const r = await runMain(README_STEP_2, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('scopes.yaml:20:1: error: scopes.yaml still holds the shipped example');
    for (const f of ['"Offboard contractor" in Lifecycle', '"Onboard employee" in Lifecycle', '"Suspend inactive users" in Hygiene', '"Retire lost devices" in Devices', '"Partner realm report" in Reports']) {
      expect(r.stderr).toContain(f);
    }
    expect(r.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8')).toBe(SHIPPED);
  });

  test('with --force: merged; the new flow runs only in the scanned org; every aligned comment keeps its spacing', async () => {
    const dir = forkWithExports();
    const r = await runMain([...README_STEP_2, '--force'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    const flows = (parse(written) as { flows: { name: string; orgs?: string[] }[] }).flows;
    expect(flows.find((f) => f.name === 'Audit admins')?.orgs).toEqual(['prod']);
    expect(written).toContain('  - name: Audit admins\n    orgs: [prod]\n');
    // Every line of the example is still there, byte for byte: the merge only added the new flow.
    expect(written.replace('  - name: Audit admins\n    orgs: [prod]\n    cards:\n      - Okta/Search System Logs\n\n', '')).toBe(SHIPPED);
  });

  test('one org in the file: the new flow needs no orgs:', async () => {
    const dir = forkWithExports();
    const oneOrg = 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com     # aligned\nflows: []\n';
    writeFileSync(join(dir, 'scopes.yaml'), oneOrg);
    const r = await runMain(README_STEP_2, { cwd: dir });
    expect(r.code).toBe(0);
    const written = readFileSync(join(dir, 'scopes.yaml'), 'utf8');
    expect(written).toContain('    domain: acme.okta.com     # aligned\n');
    expect(written).not.toContain('orgs: [');
  });

  test('--org-name that the file does not declare is refused, naming the declared orgs', async () => {
    const dir = forkWithExports();
    const r = await runMain(['scan', 'flows/', '--write', 'scopes.yaml', '--org-name', 'staging', '--force'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--org-name: error: scopes.yaml exists and declares no org named staging (it declares prod (acme.okta.com), preview (acme.oktapreview.com))');
  });
});

describe('a file scan --write creates', () => {
  test('starts with the $schema line the README advertises: outside this package, where npm installs it', async () => {
    const dir = tempDir('wf-first-', {
      'flows/audit.flow': exportText([{ id: 'a', name: 'Audit admins', methods: [card(OKTA('searchSystemLogs'), { uuid: 's', title: 'Search System Logs' })] }]),
    });
    const r = await runMain(['scan', 'flows/', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/wf-scopes/schema/scopes.schema.json');
  });
});

describe('a file scan --write creates in a fork of this repository', () => {
  test('names the schema relative to the file', async () => {
    const dir = mkdtempSync(join(ROOT, '.first-hour-'));
    try {
      mkdirSync(join(dir, 'flows'));
      writeFileSync(join(dir, 'flows', 'audit.flow'), exportText([{ id: 'a', name: 'Audit admins', methods: [card(OKTA('searchSystemLogs'), { uuid: 's', title: 'Search System Logs' })] }]));
      const r = await runMain(['scan', 'flows', '--write', 'scopes.yaml', '--org-domain', 'acme.okta.com'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'scopes.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scopes.schema.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('synth, as the quick start runs it', () => {
  test('warnings name the file relative to the working folder, and the hint is said once', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': SHIPPED });
    const r = await runMain(['synth'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Generated Terraform code for the stacks: preview, prod in cdktf.out\n');
    expect(r.stderr).toMatch(/^scopes\.yaml:24:9: warning: /);
    expect(r.stderr).not.toContain(dir);
    expect(r.stderr.split('wf-scopes explain').length - 1).toBe(1);
  });

  test('a JSON synth after an HCL one leaves only cdk.tf.json in each stack folder, and back', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': SHIPPED });
    const files = (): string[] => readdirSync(join(dir, 'cdktf.out', 'stacks', 'prod')).filter((f) => f.startsWith('cdk.tf')).sort();
    expect((await runMain(['synth', '--hcl'], { cwd: dir })).code).toBe(0);
    expect(files()).toEqual(['cdk.tf']);
    expect((await runMain(['synth'], { cwd: dir })).code).toBe(0);
    expect(files()).toEqual(['cdk.tf.json']);
  });
});

describe('policy.acknowledgeInferred', () => {
  const withAcks = (acks: string): string => `${SHIPPED}\npolicy:\n  acknowledgeInferred:\n${acks}`;

  test('the cards named lose their warning, counted once instead, in check and synth', async () => {
    const dir = tempDir('wf-first-', {
      'scopes.yaml': withAcks('    - card: Okta/Read User\n      reason: Checked against the Users API on 2026-11-02\n    - { card: okta/suspendUser, reason: The suspend call needs okta.users.manage }\n'),
    });
    const check = await runMain(['check'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stderr).not.toContain('`Okta/Read User`');
    expect(check.stderr).not.toContain('`Okta/Suspend User`');
    expect(check.stderr.match(/warning: .*not all stated by Okta/g)).toHaveLength(3);
    expect(check.stderr).toContain('note: 2 cards with scopes not all stated by Okta acknowledged (policy.acknowledgeInferred)\n');
    const synth = await runMain(['synth'], { cwd: dir });
    expect(synth.code).toBe(0);
    expect(synth.stderr).toBe(check.stderr);
  });

  test('an unknown card is an error at its line and column, with a did-you-mean', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': withAcks('    - card: Okta/Raed User\n      reason: checked\n') });
    const r = await runMain(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('scopes.yaml:69:13: error: unknown card `Okta/Raed User`');
    expect(r.stderr).toContain('did you mean `Okta/Read User`');
  });

  test('an entry without a reason is an error at the entry', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': withAcks('    - card: Okta/Read User\n') });
    const r = await runMain(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/scopes\.yaml:69:7: error: policy\.acknowledgeInferred\[0\] is missing the required key `reason`/);
  });

  test('a card whose scopes Okta states has nothing to acknowledge: a warning says so', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': withAcks('    - card: Okta/Search System Logs\n      reason: checked\n') });
    const r = await runMain(['check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('scopes.yaml:69:13: warning: `Okta/Search System Logs` has no inferred scopes to acknowledge');
  });
});

describe('explain', () => {
  test("fix steps use the README's commands: wf-scopes synth, then terraform -chdir=cdktf.out/stacks/<org> plan and apply", async () => {
    const r = await runMain(['explain', 'www-authenticate: Bearer scope="okta.apps.read", error="insufficient_scope"'], { cwd: tempDir('wf-first-', { 'scopes.yaml': 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: Audit\n    cards: [Okta/Search System Logs]\n' }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`wf-scopes synth`');
    expect(r.stdout).toContain('`terraform -chdir=cdktf.out/stacks/prod plan`');
    expect(r.stdout).toContain('`terraform -chdir=cdktf.out/stacks/prod apply`');
    expect(r.stdout).not.toMatch(/cdktf (plan|deploy)/);
  });

  test('a misspelled error= value gets a did-you-mean', async () => {
    const r = await runMain(['explain', 'Bearer error="insufficent_scope", error_description="The access token provided does not contain the required scopes."'], { cwd: tempDir('wf-first-') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('error="insufficent_scope" is not an OAuth error code: did you mean error="insufficient_scope"?');
  });
});

describe('diff without credentials', () => {
  test('says so once, naming only variables that diff --help documents', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: Audit\n    cards: [Okta/Search System Logs]\n' });
    const r = await runMain(['diff'], { cwd: dir });
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all.split('no Okta credentials').length - 1).toBe(1);
    const help = await runMain(['diff', '--help'], { cwd: dir });
    const named = [...new Set(all.match(/\b(?:[A-Z0-9]+_)?OKTA_[A-Z_]+\b/g) ?? [])];
    expect(named).toContain('OKTA_ACCESS_TOKEN');
    for (const v of named) expect(help.stdout).toContain(v);
  });
});

describe('summary lines and --all', () => {
  const manyFlows = (n: number): string =>
    `version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\n    app: { id: 0oa1abcDEF2345 }\nflows:\n${Array.from({ length: n }, (_, i) => `  - name: Flow ${i + 1}\n    cards: [Okta/Search System Logs]\n`).join('')}`;

  test('check ends with a summary: orgs, grants, high risk, warnings', async () => {
    const r = await runMain(['check'], { cwd: tempDir('wf-first-', { 'scopes.yaml': SHIPPED }) });
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('Summary: 2 orgs valid, 21 grants in all (6 high risk), 5 warnings.\n')).toBe(true);
  });

  test('check truncates a long list of reasons, and --all expands it', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': manyFlows(7) });
    const short = await runMain(['check'], { cwd: dir });
    expect(short.stdout).toContain('… and 2 more (--all lists them)');
    expect(short.stdout).not.toContain('Flow 7');
    const all = await runMain(['check', '--all'], { cwd: dir });
    expect(all.stdout).not.toContain('more');
    expect(all.stdout).toContain('Flow 7: Okta/Search System Logs');
  });

  test('explain --all lists every card and every reason', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': manyFlows(5) });
    const short = await runMain(['explain', 'okta.logs.read'], { cwd: dir });
    expect(short.stdout).toMatch(/, and 2 more \(--all lists them\)/);
    const all = await runMain(['explain', 'okta.logs.read', '--all'], { cwd: dir });
    expect(all.stdout).not.toMatch(/and \d+ more/);
    expect(all.stdout).toContain('Flow 5');
  });

  test('text diff ends with a summary', async () => {
    const dir = tempDir('wf-first-', {
      'scopes.yaml': manyFlows(1),
      'state.json': JSON.stringify({
        format_version: '1.0',
        terraform_version: '1.9.8',
        values: {
          root_module: {
            resources: [
              {
                address: 'okta_app_oauth_api_scope.workflows_oauth',
                mode: 'managed',
                type: 'okta_app_oauth_api_scope',
                name: 'workflows_oauth',
                provider_name: 'registry.terraform.io/okta/okta',
                schema_version: 0,
                values: { app_id: '0oa1abcDEF2345', id: '0oa1abcDEF2345', issuer: 'https://acme.okta.com', scopes: ['okta.apps.read'] },
                sensitive_values: {},
              },
            ],
          },
        },
      }),
    });
    const r = await runMain(['diff', '--source', 'state', '--file', 'state.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout.endsWith('\nSummary: 1 org: 0 in sync, 1 with drift (1 missing, 1 extra).\n')).toBe(true);
    const coloured = await runMain(['diff', '--source', 'state', '--file', 'state.json'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('    okta.apps.read (\u001b[33mmedium\u001b[0m)');
    expect(coloured.stdout.replace(/\u001b\[[\d;]*m/g, '')).toBe(r.stdout);
    const json = await runMain(['diff', '--source', 'state', '--file', 'state.json', '--format', 'markdown'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(json.stdout).not.toContain('\u001b[');
  });
});

describe('a reader that goes away (`wf-scopes catalog --format json | head -1`)', () => {
  test.each([['catalog', '--format', 'json'], ['scan', '--help']])('%s %s: no EPIPE stack, exit 0', async (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close the pipe, as head does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  test('on request (FORCE_COLOR, as a TTY gets it), high risk is bold red and medium yellow in check text', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': SHIPPED });
    const r = await runMain(['check'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toContain(`  okta.apps.manage        ${ESC}1;31mhigh${ESC}0m    Onboard employee`);
    expect(r.stdout).toContain(`  okta.apps.read          ${ESC}33mmedium${ESC}0m  Onboard employee`);
    // Only the level: the reasons (text from scopes.yaml) stay plain.
    expect(r.stdout.replace(/\u001b\[[\d;]*m/g, '')).toBe((await runMain(['check'], { cwd: dir })).stdout);
  });

  test('never without a TTY, never with NO_COLOR, never in json', async () => {
    const dir = tempDir('wf-first-', { 'scopes.yaml': SHIPPED });
    expect((await runMain(['check'], { cwd: dir })).stdout).not.toContain(ESC);
    expect((await runMain(['check'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await runMain(['check'], { cwd: dir, env: { FORCE_COLOR: '0' } })).stdout).not.toContain(ESC);
    expect((await runMain(['check', '--format', 'json'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).not.toContain(ESC);
  });
});
