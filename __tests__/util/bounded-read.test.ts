import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBoundedSync } from '../../src/util/bounded-read';

/**
 * readBoundedSync reads and decodes a small file in one native step (a large one as bytes), then tells a real U+FFFD from a bad byte and a
 * file that grew past the cap from one that did not.
 */
describe('readBoundedSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bounded-'));
  const file = (name: string, bytes: Buffer | string): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  test('UTF-8 text is read as it is: a byte-order mark and a real U+FFFD are kept', () => {
    const text = '\uFEFF{"name": "caf\u00e9 \uFFFD \u{1F600}"}\n';
    expect(readBoundedSync(file('fffd.json', text))).toEqual({ ok: true, text });
  });

  test('a byte that is not UTF-8 is refused, also next to a real U+FFFD', () => {
    const bad = Buffer.concat([Buffer.from('{"a": "\uFFFD '), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(readBoundedSync(file('bad.json', bad))).toEqual({ ok: false, code: 'not-utf8', reason: 'not a text file: the bytes are not valid UTF-8' });
  });

  test('the cap counts bytes, not characters', () => {
    const p = file('wide.json', '"\u00e9\u00e9\u00e9"'); // 5 characters, 8 bytes
    expect(readBoundedSync(p, { maxBytes: 8 })).toEqual({ ok: true, text: '"\u00e9\u00e9\u00e9"' });
    expect(readBoundedSync(p, { maxBytes: 7 })).toMatchObject({ ok: false, code: 'too-large', reason: expect.stringContaining('8 bytes, the limit is 7 bytes') });
  });

  test('a large file (read as bytes of its known size) is read and refused as a small one is', () => {
    const text = `# caf\u00e9 \uFFFD\n${'x'.repeat(1 << 20)}\n`;
    expect(readBoundedSync(file('large.yaml', text))).toEqual({ ok: true, text });
    const bad = Buffer.concat([Buffer.from('x'.repeat(1 << 20)), Buffer.from([0xff])]);
    expect(readBoundedSync(file('large-bad.yaml', bad))).toEqual({ ok: false, code: 'not-utf8', reason: 'not a text file: the bytes are not valid UTF-8' });
    expect(readBoundedSync(file('large-cap.yaml', text), { maxBytes: 1 << 20 })).toMatchObject({ ok: false, code: 'too-large', reason: expect.stringContaining('the limit is 1048576 bytes') });
  });

  // A file whose size fstat does not tell (0) reads past it: the cap still holds.
  (existsSync('/proc/self/status') ? test : test.skip)('a regular file longer than its stat size is refused past the cap', () => {
    expect(readBoundedSync('/proc/self/status', { maxBytes: 16 })).toMatchObject({ ok: false, code: 'too-large', reason: expect.stringContaining('more than 16 bytes') });
    expect(readBoundedSync('/proc/self/status', { maxBytes: 1 << 20 })).toMatchObject({ ok: true, text: expect.stringContaining('Name:') });
  });
});
