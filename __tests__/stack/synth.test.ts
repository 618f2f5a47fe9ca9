import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import type { CliIo } from '../../src/cli/io';
import type { Resolution } from '../../src/core/resolve/types';
import { UserError, type Diagnostic } from '../../src/util/diagnostics';
import { scopesFile, synthProject, type SynthDeps } from '../../src/synth/synth';
import { org, parse } from './fixtures';

function io(env: NodeJS.ProcessEnv = {}): CliIo & { err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { err, out, env, cwd: '/project', stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

const warning: Diagnostic = { severity: 'warning', code: 'inferred-card', message: 'card scopes inferred', loc: { file: 'scopes.yaml', line: 9, column: 3 } };

function fakeProject(resolution: Resolution, warnings?: Diagnostic[]) {
  const calls: string[] = [];
  const loadProject: SynthDeps['loadProject'] = (file) => {
    calls.push(file);
    return { resolution, warnings };
  };
  return { calls, loadProject };
}

describe('scopesFile', () => {
  test('WF_SCOPES_FILE wins, resolved against the working directory', () => {
    expect(scopesFile({ env: { WF_SCOPES_FILE: 'conf/prod.yaml' }, cwd: '/project' })).toBe('/project/conf/prod.yaml');
    expect(scopesFile({ env: { WF_SCOPES_FILE: '/etc/wf/scopes.yaml' }, cwd: '/project' })).toBe('/etc/wf/scopes.yaml');
  });
  test('unset or blank: scopes.yaml', () => {
    expect(scopesFile({ env: {}, cwd: '/project' })).toBe('/project/scopes.yaml');
    expect(scopesFile({ env: { WF_SCOPES_FILE: '  ' }, cwd: '/project' })).toBe('/project/scopes.yaml');
  });
});

describe('synthProject', () => {
  test('one stack per org is synthesized, warnings are printed, exit 0', () => {
    const app = Testing.app();
    const p = fakeProject({ orgs: [org({ name: 'prod' }), org({ name: 'preview', app: { label: 'Okta Workflows OAuth' } })], warnings: [] }, [warning]);
    const t = io({ WF_SCOPES_FILE: 'x.yaml' });
    expect(synthProject({ loadProject: p.loadProject, io: t, app })).toBe(0);
    expect(p.calls).toEqual(['/project/x.yaml']);
    expect(t.err.join('')).toBe('scopes.yaml:9:3: warning: card scopes inferred\n');
    const manifest = JSON.parse(readFileSync(join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(['preview', 'prod']);
    const prod = parse(readFileSync(join(app.outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(prod.import).toHaveLength(1);
  });

  test("the resolution's warnings are printed when the project gives no combined list", () => {
    const t = io();
    synthProject({ loadProject: fakeProject({ orgs: [org()], warnings: [warning] }).loadProject, io: t, app: Testing.app() });
    expect(t.err.join('')).toContain('warning: card scopes inferred');
  });

  test('UserError: diagnostics printed in file order, exit 1, nothing built or synthesized', () => {
    const app = Testing.app();
    const t = io();
    const later: Diagnostic = { severity: 'error', code: 'unknown-card', message: 'unknown card "Okta/Raed User"', hint: 'did you mean "Okta/Read User"?', loc: { file: 'scopes.yaml', line: 20, column: 9 } };
    const earlier: Diagnostic = { severity: 'error', code: 'bad-domain', message: 'bad domain', loc: { file: 'scopes.yaml', line: 4, column: 13 } };
    const code = synthProject({
      io: t,
      app,
      loadProject: () => {
        throw new UserError([later, earlier]);
      },
    });
    expect(code).toBe(1);
    expect(t.err.join('')).toBe(
      'scopes.yaml:4:13: error: bad domain\n' + 'scopes.yaml:20:9: error: unknown card "Okta/Raed User"\n  did you mean "Okta/Read User"?\n',
    );
    expect(app.node.children).toHaveLength(0);
    expect(existsSync(join(app.outdir, 'manifest.json'))).toBe(false);
  });

  test('any other error is a bug and propagates', () => {
    const boom = () => {
      throw new TypeError('boom');
    };
    expect(() => synthProject({ io: io(), app: Testing.app(), loadProject: boom })).toThrow(TypeError);
  });

  test('policy violations: printed per stack, exit 1, no stack written (not even the clean one)', () => {
    const t = io();
    const app = Testing.app();
    const deps: SynthDeps = {
      io: t,
      app,
      loadProject: fakeProject({ orgs: [org({ name: 'dev' }), org({ name: 'prod' })], warnings: [] }).loadProject,
      violations: (o) => (o.name === 'prod' ? ['okta.users.manage is denied by policy'] : []),
    };
    expect(synthProject(deps)).toBe(1);
    expect(t.err.join('')).toBe('prod: error: okta.users.manage is denied by policy\n');
    expect(existsSync(join(app.outdir, 'stacks', 'dev'))).toBe(false);
    expect(existsSync(join(app.outdir, 'manifest.json'))).toBe(false);
  });

  test('construct validations (an org with no scopes) fail the same way', () => {
    const t = io();
    const deps: SynthDeps = { io: t, app: Testing.app(), loadProject: fakeProject({ orgs: [org({}, [])], warnings: [] }).loadProject };
    expect(synthProject(deps)).toBe(1);
    expect(t.err.join('')).toMatch(/^acme\/scopes: error: no scopes to grant/);
  });
});

describe('no stale Terraform', () => {
  let outdir: string;
  beforeEach(() => (outdir = mkdtempSync(join(tmpdir(), 'wf-synth-'))));
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));
  const stacks = (): string[] => (existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')).sort() : []);
  const run = (resolution: Resolution | Error, violations?: string[]): number =>
    synthProject({
      loadProject: () => {
        if (resolution instanceof Error) throw resolution;
        return { resolution };
      },
      io: io(),
      app: Testing.app({ outdir }),
      ...(violations ? { violations: () => violations } : {}),
    });
  const good: Resolution = { orgs: [org({ name: 'prod' }), org({ name: 'preview' })], warnings: [] };

  test('a synth that fails on a bad declaration leaves none of the last good run’s stacks', () => {
    expect(run(good)).toBe(0);
    expect(stacks()).toEqual(['preview', 'prod']);
    expect(run(new UserError({ severity: 'error', code: 'unknown-org', message: 'x' }))).toBe(1);
    expect(stacks()).toEqual([]);
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
  });

  test('a synth that fails on a policy violation leaves none either', () => {
    expect(run(good)).toBe(0);
    expect(run(good, ['okta.users.manage is denied by policy'])).toBe(1);
    expect(stacks()).toEqual([]);
  });

  test('a synth that crashes leaves none and rethrows', () => {
    expect(run(good)).toBe(0);
    expect(() => run(new TypeError('bug'))).toThrow('bug');
    expect(stacks()).toEqual([]);
  });

  test('a removed org’s stack goes; an allowEmpty org gets no stack', () => {
    expect(run(good)).toBe(0);
    expect(run({ orgs: [org({ name: 'prod' }), org({ name: 'preview', allowEmpty: { reason: 'paused' } }, [])], warnings: [] })).toBe(0);
    expect(stacks()).toEqual(['prod']);
  });
});
