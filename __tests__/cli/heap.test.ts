import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A V8 setting lasts for the whole process, so each case runs in a child of its own (on the build
// the global setup made), never in the test runner's process.
const HEAP = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'heap.js');

/** The young generation's size after `tuneHeapFor(file)` and building 2 million surviving objects. */
function nurseryAfter(file: string): number {
  const script = `
    require(${JSON.stringify(HEAP)}).tuneHeapFor(${JSON.stringify(file)});
    const keep = [];
    for (let i = 0; i < 2e6; i++) keep.push({ i, s: 'x' + i });
    const young = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(young.space_size));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

describe('tuneHeapFor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-heap-'));

  test('a large declaration keeps the young generation at its first size', () => {
    const large = join(dir, 'large.yaml');
    writeFileSync(large, 'x'.repeat(1 << 20));
    expect(nurseryAfter(large)).toBeLessThanOrEqual(4 << 20);
  });

  test('a small or missing one leaves V8 as it is (the nursery grows)', () => {
    const small = join(dir, 'small.yaml');
    writeFileSync(small, 'version: 1\n');
    expect(nurseryAfter(small)).toBeGreaterThan(8 << 20);
    expect(nurseryAfter(join(dir, 'missing.yaml'))).toBeGreaterThan(8 << 20);
  });
});
