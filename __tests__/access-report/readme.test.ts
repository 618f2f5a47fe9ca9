import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../cli/run';
import { EXAMPLE, driftJsonOf, requiredOf, ROOT } from './build';

/** The README's `report` examples, run verbatim (argv split on spaces; `> FILE` writes stdout there). */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('### report'), README.indexOf('### catalog'));
// The --since examples need a previous review (a page, a tag): since.test.ts runs them in a git repository.
const examples = [...section.matchAll(/^npx wf-scopes (report [^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => m[1]).filter((e) => !e.includes('--since'));

describe("the README's report examples run verbatim", () => {
  test('there are examples, --controls among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    expect(examples.some((e) => e.includes('--controls soc2'))).toBe(true);
  });

  test.each(examples)('npx wf-scopes %s', async (line) => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-report-readme-'));
    copyFileSync(join(ROOT, 'scopes.yaml'), join(dir, 'scopes.yaml'));
    // The example's drift.json: what `wf-scopes diff --format json` writes (it needs the org's credentials).
    writeFileSync(join(dir, 'drift.json'), driftJsonOf(EXAMPLE, [{ org: 'prod', granted: requiredOf(EXAMPLE, 'prod') }]));
    const [args, redirect] = line.split(' > ');
    const r = await runMain(args.split(/\s+/), { cwd: dir, env: { WF_SCOPES_TODAY: '2026-12-02' } });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const out = args.match(/--output (\S+)/)?.[1];
    if (out) expect(existsSync(join(dir, out))).toBe(true);
    else expect(redirect === undefined || r.stdout.length > 0).toBe(true);
  });
});
