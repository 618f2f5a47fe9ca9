import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { amplifyingExport } from '../flows/builders';
import { tempDir } from '../scan/helpers';
import { runMain } from './run';

jest.setTimeout(60_000);

describe('wf-scopes scan: bounded on any wire graph (issue 16)', () => {
  // Compose → all 399 inputs of a Concatenate → 8 Custom API cards: ~1 MB, generated here, never stored.
  const dir = tempDir('wf-scan-amp-');
  writeFileSync(join(dir, 'amp.flow'), amplifyingExport());
  const note = 'the URL built from the wired cards is longer than 8192 characters (WF_SCOPES_MAX_PATH_CHARS)';

  test('text: exit 0, every Custom API card listed, known only at run time with the reason', async () => {
    const r = await runMain(['scan', 'amp.flow'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes('Okta/Custom API Action'));
    expect(lines).toHaveLength(8);
    for (const [i, l] of lines.entries()) {
      expect(l).toContain(`GET {URL longer than 8192 characters}  path known only at run time: ${note}; declare the call by hand  titled "Custom API Action ${i}"`);
    }
    expect(r.stdout).toContain('8 Custom API calls (0 matched to an endpoint, 8 known only at run time)');
  });

  test('json: the note on each call', async () => {
    const r = await runMain(['scan', 'amp.flow', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const calls = doc.exports[0].flows[0].cards.map((c: { customApi: unknown }) => c.customApi);
    expect(calls).toEqual(
      Array.from({ length: 8 }, () => ({ method: 'GET', path: null, resolved: false, source: 'wired', placeholder: '{URL longer than 8192 characters}', note, endpoint: null })),
    );
    expect(doc.totals.customApiUnresolved).toBe(8);
  });
});
