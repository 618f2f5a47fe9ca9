/**
 * The README's main job, end to end: the real `cdktf synth` runs the compiled main.ts on the shipped
 * example scopes.yaml, and each org's okta_app_oauth_api_scope grants exactly the resolved scopes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/core/project';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf.js');

type TfJson = { resource: { okta_app_oauth_api_scope: Record<string, { scopes: string[]; issuer: string }> } };

describe('cdktf synth of the shipped example (compiled main.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-example-synth-'));
  const out = join(dir, 'cdktf.out');
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${join(ROOT, 'dist', 'main.js')}`, sendCrashReports: 'false', projectId: 'wf-scopes-test' }));
    run = spawnSync(process.execPath, [CLI, 'synth', '--output', out], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CI: '1', WF_SCOPES_FILE: join(ROOT, 'scopes.yaml') },
      encoding: 'utf8',
      timeout: 180_000,
    });
  }, 200_000);

  test('each org grants exactly its resolved scopes, to its own issuer', () => {
    expect(run.status).toBe(0);
    const project = loadProject(join(ROOT, 'scopes.yaml'));
    expect(project.resolution.orgs.length).toBeGreaterThan(1);
    for (const org of project.resolution.orgs) {
      const tf = JSON.parse(readFileSync(join(out, 'stacks', org.name, 'cdk.tf.json'), 'utf8')) as TfJson;
      const resources = Object.values(tf.resource.okta_app_oauth_api_scope);
      expect(resources).toHaveLength(1);
      expect(resources[0].scopes).toEqual(org.scopes.map((s) => s.scope));
      expect(resources[0].issuer).toBe(org.issuer);
    }
  });
});
