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
