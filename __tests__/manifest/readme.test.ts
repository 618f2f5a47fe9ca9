import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectText } from '../../src/core/project';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** Every ```yaml block of the README that declares `version: 1` must be a valid declaration. */
describe('the README examples are valid declarations', () => {
  const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^version: 1$/m.test(b));

  test('there is at least one', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test.each(blocks.map((b, i) => [i, b]))('example %i', (_i, text) => {
    expect(() => loadProjectText(text as string, 'README.md', { today: '2026-01-01' })).not.toThrow();
  });
});
