/**
 * The declaration is data, never code: each attack on the generated Terraform, through check and
 * synth (JSON and --hcl) in-process. A refused declaration exits 1 with a located error and writes
 * nothing; an accepted hostile string is written escaped, and `terraform fmt -check` accepts the HCL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runMain } from './run';

const FLOWS = 'flows:\n  - name: "${x}"\n    cards: [Okta/Read User]\n';
const ORG = 'orgs:\n  - name: prod\n    domain: acme.okta.com\n';

/** A fresh project folder holding scopes.yaml. */
function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-tf-inject-'));
  writeFileSync(join(dir, 'scopes.yaml'), yaml);
  return dir;
}

const HEREDOC_LABEL = [
  'version: 1',
  'orgs:',
  '  - name: prod',
  '    domain: acme.okta.com',
  '    app:',
  '      label: "x\\nEOF\\n}\\nresource \\"terraform_data\\" \\"pwn\\" {\\n  provisioner \\"local-exec\\" {\\n    command = \\"id\\"\\n  }\\n}\\nx = <<EOF\\n"',
  FLOWS,
].join('\n');

const REFUSED: Array<[string, string, RegExp]> = [
  ['a label that ends the HCL heredoc and adds a local-exec resource', HEREDOC_LABEL, /(^|\/)scopes\.yaml:6:14: error: orgs\[0\]\.app\.label: expected text on one line/m],
  ['a template in providerVersion', `version: 1\nterraform:\n  providerVersion: '\${file("/etc/passwd")}'\n${ORG}${FLOWS}`, /(^|\/)scopes\.yaml:3:20: error: terraform\.providerVersion: expected a Terraform version constraint/m],
  ['a directive in requiredVersion', `version: 1\n${ORG}    terraform:\n      requiredVersion: '>= 1.5 %{ if true }'\n${FLOWS}`, /(^|\/)scopes\.yaml:6:24: error: orgs\[0\]\.terraform\.requiredVersion: expected a Terraform version constraint/m],
  ['a local state path out of the project', `version: 1\nterraform:\n  backend: {type: local, path: "../../../../../../tmp/{org}.tfstate"}\n${ORG}${FLOWS}`, /(^|\/)scopes\.yaml:3:32: error: backend setting terraform\.backend\.path \("\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/tmp\/prod\.tfstate"\) leads outside the project folder/m],
  ['an absolute workspace_dir', `version: 1\nterraform:\n  backend: {type: local, path: "../../../{org}.tfstate", workspace_dir: /var/tf}\n${ORG}${FLOWS}`, /(^|\/)scopes\.yaml:3:73: error: backend setting terraform\.backend\.workspace_dir/m],
  ['a line break in a backend value', `version: 1\nterraform:\n  backend: {type: s3, bucket: "b\\nx", key: "{org}", region: r}\n${ORG}${FLOWS}`, /(^|\/)scopes\.yaml:3:31: error: backend setting terraform\.backend\.bucket holds a control character or line break \(U\+000A\)/m],
  ['a backend setting name that is not an argument name', `version: 1\nterraform:\n  backend: {type: s3, bucket: b, key: "{org}", "x = 1 #": r}\n${ORG}${FLOWS}`, /(^|\/)scopes\.yaml:3:48: error: backend setting name "x = 1 #" is not a Terraform argument name/m],
];

describe('refused declarations: exit 1, a located error, nothing written', () => {
  test.each(REFUSED)('%s', async (_what, yaml, error) => {
    const dir = project(yaml);
    const check = await runMain(['check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(error);
    for (const args of [['synth'], ['synth', '--hcl']]) {
      const r = await runMain(args, { cwd: dir });
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toMatch(error);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(dir)).toEqual(['scopes.yaml']);
  });
});

describe('a password written into domain without a scheme', () => {
  const dir = project(`version: 1\norgs:\n  - name: prod\n    domain: "admin:hunter2pw@acme.okta.com"\n${FLOWS}`);

  test.each(['text', 'json', 'sarif', 'github'])('check --format %s: located, exit 1, the password never shown', async (format) => {
    const r = await runMain(['check', '--format', format], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/hunter2|admin:/);
    expect(r.stdout + r.stderr).toContain('***@acme.okta.com');
    if (format === 'text') expect(r.stderr).toMatch(/(^|\/)scopes\.yaml:4:13: error: "\*\*\*@acme\.okta\.com" is not an Okta org domain/m);
  });

  test('synth: nothing written, the password never shown', async () => {
    const r = await runMain(['synth'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/hunter2/);
    expect(readdirSync(dir)).toEqual(['scopes.yaml']);
  });
});

/** A terraform binary on PATH, if any (fmt needs no provider and no network). */
function terraformBinary(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) if (d && existsSync(join(d, 'terraform'))) return join(d, 'terraform');
  return undefined;
}

describe('accepted hostile text is written escaped', () => {
  const label = 'x"y\\z ${file("/etc/passwd")} %{ if true }EOF }';
  const yaml = [
    'version: 1',
    'terraform:',
    '  backend: {type: s3, bucket: \'${file("/etc/passwd")}\', key: "wf/{org}", region: us-east-1}',
    'orgs:',
    '  - name: prod',
    '    domain: acme.okta.com',
    `    app: {label: '${label}'}`,
    FLOWS,
  ].join('\n');

  test('cdk.tf.json: $${ and %%{ in the label and the backend', async () => {
    const dir = project(yaml);
    const r = await runMain(['synth'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'utf8');
    const doc = JSON.parse(text) as { data: { okta_app: { workflows_oauth: { label: string } } }; terraform: { backend: { s3: { bucket: string } } } };
    expect(doc.data.okta_app.workflows_oauth.label).toBe('x"y\\z $${file("/etc/passwd")} %%{ if true }EOF }');
    expect(doc.terraform.backend.s3.bucket).toBe('$${file("/etc/passwd")}');
    // No template is left to evaluate: every ${ and %{ is doubled.
    expect(text.replace(/\$\{data\.okta_app\.workflows_oauth\.id\}/g, '')).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
  });

  test('cdk.tf: quoted strings with HCL escapes, no heredoc, and terraform fmt -check accepts it', async () => {
    const dir = project(yaml);
    const r = await runMain(['synth', '--hcl'], { cwd: dir });
    expect(r.code).toBe(0);
    const file = join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf');
    const tf = readFileSync(file, 'utf8');
    expect(tf).not.toContain('<<');
    expect(tf).toContain('label       = "x\\"y\\\\z $${file(\\"/etc/passwd\\")} %%{ if true }EOF }"');
    expect(tf).toContain('bucket = "$${file(\\"/etc/passwd\\")}"');
    const terraform = terraformBinary();
    if (!terraform) return; // fmt is checked where a terraform binary is installed
    const fmt = spawnSync(terraform, ['fmt', '-check', '-diff', file], { encoding: 'utf8', env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: '1' } });
    expect({ code: fmt.status, out: fmt.stdout + fmt.stderr }).toEqual({ code: 0, out: '' });
  });

  test(`backend: allowPathsOutsideProject lets a state path leave the project, and is not passed to Terraform`, async () => {
    const dir = project(`version: 1\nterraform:\n  backend: {type: local, path: "/var/lib/terraform/{org}.tfstate", allowPathsOutsideProject: true}\n${ORG}${FLOWS}`);
    const r = await runMain(['synth'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'), 'utf8')) as { terraform: { backend: unknown } };
    expect(doc.terraform.backend).toEqual({ local: { path: '/var/lib/terraform/prod.tfstate' } });
  });
});
