import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { sarifValidator } from '../support/sarif-validator';
import { runMain } from './run';

/**
 * `review` sees every change that decides where the grants go, not only scope sets: each kind alone
 * is a finding with its own rule, exits 2, leads the Markdown comment and says what an apply does.
 */

// git needs PATH; runMain gives the CLI no other variable than those passed.
const env = { WF_SCOPES_TODAY: '2026-01-15', PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A repository whose HEAD holds `base` in infra/scopes.yaml; the working tree holds `head`. */
function repo(base: string, head: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-review-settings-'));
  mkdirSync(join(dir, 'infra'));
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'infra', 'scopes.yaml'), base);
  git(dir, 'add', 'infra/scopes.yaml');
  git(dir, 'commit', '-q', '-m', 'base');
  writeFileSync(join(dir, 'infra', 'scopes.yaml'), head);
  return dir;
}

async function review(base: string, head: string, format = 'markdown') {
  return runMain(['review', '--config', 'infra/scopes.yaml', '--format', format], { cwd: repo(base, head), env });
}

const BASE = `version: 1
terraform:
  backend:
    type: s3
    bucket: tf-state
    key: wf-scopes/{org}.tfstate
    region: eu-west-1
orgs:
  - name: prod
    domain: acme.okta.com
    envPrefix: PROD_
    app:
      id: 0oa1abcdEFGH2345ijk6
      label: Okta Workflows OAuth
flows:
  - name: Audit
    cards: [Okta/Search System Logs]
`;

interface Case {
  name: string;
  /** Default: BASE. */
  base?: string;
  head: string;
  rule: string;
  /** The org the change is about; default prod. */
  org?: string;
  /** The values shown (in Markdown code spans) and what an apply does. */
  shows: string[];
}

const CASES: Case[] = [
  {
    name: 'domain (the attack: a host that only starts like the org)',
    head: BASE.replace('domain: acme.okta.com', 'domain: acme.okta.com.attacker-corp.com'),
    rule: 'WFS106 org-domain-changed',
    shows: [
      '`domain` changes from `acme.okta.com (issuer https://acme.okta.com)` to `acme.okta.com.attacker-corp.com (issuer https://acme.okta.com.attacker-corp.com)`',
      'another Okta tenant: the grants, their issuer and the credentials used to apply and audit them move there.',
    ],
  },
  {
    name: 'app id',
    head: BASE.replace('0oa1abcdEFGH2345ijk6', '0oa9zzzzYYYY8888xxx7'),
    rule: 'WFS107 app-id-changed',
    shows: ['`0oa1abcdEFGH2345ijk6` to `0oa9zzzzYYYY8888xxx7`', 'A new app\\_id forces replacement of the grants resource, which prevent\\_destroy stops at plan time'],
  },
  {
    name: 'app label',
    base: BASE.replace('      id: 0oa1abcdEFGH2345ijk6\n', ''),
    head: BASE.replace('      id: 0oa1abcdEFGH2345ijk6\n', '').replace('label: Okta Workflows OAuth', 'label: Okta Workflows OAuth Copy'),
    rule: 'WFS108 app-label-changed',
    shows: ['`Okta Workflows OAuth` to `Okta Workflows OAuth Copy`', 'looks up another app by this label (okta\\_app data source)'],
  },
  {
    name: 'app.import',
    head: BASE.replace('      label: Okta Workflows OAuth\n', '      label: Okta Workflows OAuth\n      import: false\n'),
    rule: 'WFS109 app-import-changed',
    shows: ['`true (default)` to `false`', 'No import block: an apply on a stack without state Creates the grants resource'],
  },
  {
    name: 'org removed',
    base: BASE.replace('flows:', '  - name: dev\n    domain: acme.oktapreview.com\nflows:'),
    head: BASE,
    org: 'dev',
    rule: 'WFS117 org-removed',
    shows: ['org removed (was `acme.oktapreview.com, app labelled Okta Workflows OAuth`)', 'Its stack is no longer synthesized, so no apply changes its grants'],
  },
  {
    name: 'envPrefix',
    head: BASE.replace('envPrefix: PROD_', 'envPrefix: OTHER_'),
    rule: 'WFS110 env-prefix-changed',
    shows: ['`envPrefix` changes from `PROD_` to `OTHER_`', 'Diff and the pipeline read other credential variables'],
  },
  {
    name: 'allowEmpty',
    head: BASE.replace('    envPrefix: PROD_\n', '    envPrefix: PROD_\n    allowEmpty: {reason: paused}\n'),
    rule: 'WFS111 allow-empty-changed',
    shows: ['`off` to `on: paused`', 'No stack is synthesized for this org any more'],
  },
  {
    name: 'backend (top level)',
    head: BASE.replace('bucket: tf-state', 'bucket: other-state'),
    rule: 'WFS112 backend-changed',
    shows: ['`terraform.backend` changes from `s3 {"bucket":"tf-state","key":"wf-scopes/prod.tfstate","region":"eu-west-1"}`', 'starts from another, empty state'],
  },
  {
    name: 'providerVersion',
    head: BASE.replace('  backend:\n', '  providerVersion: ">= 6.0.0, < 7.0.0"\n  backend:\n'),
    rule: 'WFS113 provider-version-changed',
    shows: ['`>= 4.20.0, < 7.0.0` to `>= 6.0.0, < 7.0.0`', 'Another okta/okta provider release may run the apply'],
  },
  {
    name: 'requiredVersion',
    head: BASE.replace('  backend:\n', '  requiredVersion: ">= 1.9"\n  backend:\n'),
    rule: 'WFS114 required-version-changed',
    shows: ['`>= 1.5` to `>= 1.9`', 'Another Terraform release may run the apply'],
  },
  {
    name: 'preventDestroy',
    head: BASE.replace('  backend:\n', '  preventDestroy: false\n  backend:\n'),
    rule: 'WFS115 prevent-destroy-changed',
    shows: ['`true` to `false`', 'The guard is removed'],
  },
];

describe('review: every change of where the grants go needs a decision', () => {
  test.each(CASES)('$name alone: exit 2, its rule, first in the comment, what an apply does', async (c) => {
    const r = await review(c.base ?? BASE, c.head);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`**wf-scopes review:** ${c.name === 'org removed' ? 'leaves 1 grant in place (no stack revokes it)' : 'no scope changes'} · a reviewer must decide: 1 change to where the grants go`);
    // The section comes right after "Compared …", before any scope table.
    expect(lines[2]).toMatch(/^Compared /);
    expect(lines[4]).toBe('#### Changes to where the grants go');
    expect(lines[6]).toMatch(new RegExp(`^- :warning: \\*\\*${c.org ?? 'prod'}\\*\\* · \\*\\*${c.rule}\\*\\*: `));
    for (const s of c.shows) expect(lines[6]).toContain(s);
    // One change of where the grants go; the declaration has no policy, which is a finding of its own.
    expect(r.stdout.match(/^- :warning: (?!\*\*NO POLICY:)/gm)).toHaveLength(1);
    expect(r.stdout.match(/^- :warning: \*\*NO POLICY: /gm)).toHaveLength(1);
  });

  test('the attack case in every format: domain moved to a look-alike tenant', async () => {
    const head = CASES[0].head;
    const json = await review(BASE, head, 'json');
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc.summary).toMatchObject({ settingChanges: 1, needsDecision: true });
    expect(doc.settings).toEqual([
      expect.objectContaining({ org: 'prod', kind: 'domain', setting: 'domain', before: 'acme.okta.com (issuer https://acme.okta.com)', at: { file: 'infra/scopes.yaml', line: 9, column: 5 } }),
    ]);
    expect(doc.findings.map((f: { rule: string }) => f.rule)).toEqual(['WFS106']);

    const sarif = await review(BASE, head, 'sarif');
    expect(sarif.code).toBe(2);
    const log = JSON.parse(sarif.stdout) as Log;
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0].results?.map((x) => x.ruleId)).toEqual(['WFS106']);
    expect(log.runs[0].results?.[0].message.text).toContain('acme.okta.com.attacker-corp.com');

    const gh = await review(BASE, head, 'github');
    expect(gh.code).toBe(2);
    expect(gh.stdout.split('\n')[0]).toBe('wf-scopes review: no scope changes · a reviewer must decide: 1 change to where the grants go');
    expect(gh.stdout).toContain('::warning file=infra/scopes.yaml,line=9,col=5,title=Org domain changed%3A another tenant::prod: domain changes from `acme.okta.com (issuer https://acme.okta.com)` to `acme.okta.com.attacker-corp.com');
  });

  test('a new app id while preventDestroy is turned off: the replacement revokes every grant of the old app', async () => {
    const head = BASE.replace('0oa1abcdEFGH2345ijk6', '0oa9zzzzYYYY8888xxx7').replace('  backend:\n', '  preventDestroy: false\n  backend:\n');
    const r = await review(BASE, head);
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')[0]).toBe('**wf-scopes review:** no scope changes · a reviewer must decide: 2 changes to where the grants go');
    expect(r.stdout).toContain('and preventDestroy is turned off in the same change, so nothing stops it: the replacement revokes every grant of the old app.');
    expect(r.stdout).toContain('**WFS115 prevent-destroy-changed**');
  });

  test('a label change with an app id pinned is shown, and says the label is not used', async () => {
    const r = await review(BASE, BASE.replace('label: Okta Workflows OAuth', 'label: Other'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('**WFS108 app-label-changed**');
    expect(r.stdout).toContain('No effect on the apply while the app id is pinned');
  });

  test('a hostile label is inert Markdown', async () => {
    const head = BASE.replace('      id: 0oa1abcdEFGH2345ijk6\n', '').replace('label: Okta Workflows OAuth', 'label: "x` <img src=x onerror=alert(1)> [a](http://evil) | y"');
    const r = await review(BASE.replace('      id: 0oa1abcdEFGH2345ijk6\n', ''), head);
    expect(r.code).toBe(2);
    const line = r.stdout.split('\n').find((l) => l.includes('WFS108')) as string;
    // A code span whose fence is longer than any backtick run inside: nothing in it is markup.
    expect(line).toContain('to ``x` <img src=x onerror=alert(1)> [a](http://evil) | y``');
  });

  test('unchanged effective settings are no change: a value moved from the org to the top level, the default written out', async () => {
    const perOrg = BASE.replace('terraform:\n  backend:\n    type: s3\n    bucket: tf-state\n    key: wf-scopes/{org}.tfstate\n    region: eu-west-1\n', '').replace(
      '    envPrefix: PROD_\n',
      '    envPrefix: PROD_\n    terraform:\n      preventDestroy: true\n      backend: {type: s3, region: eu-west-1, key: wf-scopes/prod.tfstate, bucket: tf-state}\n',
    );
    const r = await review(perOrg, BASE.replace('  backend:\n', '  requiredVersion: ">= 1.5"\n  backend:\n'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('**wf-scopes review:** no scope changes\n');
  });

  test('a top-level change moves every org that inherits it, and not the one that overrides it', async () => {
    const two = BASE.replace(
      'flows:',
      '  - name: dev\n    domain: acme.oktapreview.com\n    terraform:\n      providerVersion: "~> 6.5"\nflows:',
    );
    const r = await review(two, two.replace('  backend:\n', '  providerVersion: ">= 6.0.0, < 7.0.0"\n  backend:\n'), 'json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).settings.map((c: { org: string; kind: string }) => `${c.org} ${c.kind}`)).toEqual(['prod provider-version']);
  });

  test('an org added is shown with its tenant, app and credentials', async () => {
    const r = await review(BASE, BASE.replace('flows:', '  - name: dev\n    domain: acme.oktapreview.com\n    envPrefix: DEV_\nflows:'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('- :warning: **dev** · **WFS116 org-added**: org added: `acme.oktapreview.com, app labelled Okta Workflows OAuth, credentials DEV_OKTA_*`.');
    expect(r.stdout.indexOf('WFS116')).toBeLessThan(r.stdout.indexOf('New org: every scope it is granted is added.'));
  });

  test('userinfo in a URL-like backend setting is redacted', async () => {
    const http = (addr: string) => BASE.replace(/ {4}type: s3\n(.|\n)*?region: eu-west-1\n/, `    type: http\n    address: ${addr}\n`);
    const r = await review(http('https://state.example.com/{org}'), http('https://user:hunter2@state.example.com/{org}'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('**WFS112 backend-changed**');
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).toContain('https://***@state.example.com/prod');
  });
});
