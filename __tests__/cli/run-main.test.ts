import { runCli, runMain } from './run';

describe('runMain (the CLI in-process)', () => {
  it('gives the same output and exit code as the spawned CLI for check on the example', async () => {
    const inProcess = await runMain(['check', '--format', 'json']);
    // A process: the reference that runMain must match.
    const spawned = runCli(['check', '--format', 'json']);
    expect(inProcess.code).toBe(spawned.code);
    expect(inProcess.stdout).toBe(spawned.stdout);
    expect(JSON.parse(inProcess.stdout)).toBeTruthy();
  });

  it('reports a usage error with exit 1 without ending the test process', async () => {
    const r = await runMain(['check', '--no-such-flag']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--no-such-flag/);
  });
});

describe('a command run in-process reads its own environment, never the host process', () => {
  test("the host's caps and WF_SCOPES_TODAY do not leak in; the command's env applies", async () => {
    const saved = { cap: process.env.WF_SCOPES_MAX_YAML_BYTES, today: process.env.WF_SCOPES_TODAY };
    process.env.WF_SCOPES_MAX_YAML_BYTES = '10';
    process.env.WF_SCOPES_TODAY = '1999-01-01';
    try {
      const r = await runMain(['check', '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const capped = await runMain(['check'], { env: { WF_SCOPES_MAX_YAML_BYTES: '10' } });
      expect(capped.code).toBe(1);
      expect(capped.stderr).toContain('the limit is 10 bytes (WF_SCOPES_MAX_YAML_BYTES)');
    } finally {
      for (const [name, value] of [['WF_SCOPES_MAX_YAML_BYTES', saved.cap], ['WF_SCOPES_TODAY', saved.today]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
