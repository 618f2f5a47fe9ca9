import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { jsonTooDeep, yamlTooComplex } from '../../src/util/nesting';
import { referenceYamlTooComplex } from '../support/yaml-too-complex';
import { cleanForeign, foreignToken, quoteForeign, redactUserinfo } from '../../src/util/redact-url';

const ROOT = join(__dirname, '..', '..');
const Y = { maxDepth: 200, maxMergeKeys: 100 };

describe('yamlTooComplex', () => {
  test('real YAML of the project is far below the caps (no false alarm from paths, quotes or comments)', () => {
    const files = ['scopes.yaml', ...readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.yaml')).map((f) => join('data', f))];
    for (const f of files) expect(yamlTooComplex(readFileSync(join(ROOT, f), 'utf8'), { maxDepth: 12, maxMergeKeys: 100 })).toBeUndefined();
    const tricky = [
      'flows:',
      '  - name: "a [quoted [bracket"',
      "    reason: 'it''s [not] a {flow}'",
      '    cards:',
      '      - Okta/Custom API Action: GET /api/v1/users/{userId}/factors # [comment',
      '      - card: x',
      '        path: /a/{b}/[c',
    ].join('\n');
    expect(yamlTooComplex(tricky, { maxDepth: 6, maxMergeKeys: 0 })).toBeUndefined();
  });

  test('flow, compact-sequence and indentation bombs are each caught where they cross the cap', () => {
    expect(yamlTooComplex(`a: ${'['.repeat(1000)}`, Y)).toMatchObject({ what: 'depth', line: 1, column: 203 });
    expect(yamlTooComplex(`a:\n${'- '.repeat(1000)}x`, Y)).toMatchObject({ what: 'depth', line: 2 });
    const indents = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(yamlTooComplex(indents, Y)).toMatchObject({ what: 'depth', line: 201 });
    // Dedents pop: 300 sibling blocks of depth 2 are fine.
    expect(yamlTooComplex(Array.from({ length: 300 }, () => 'a:\n  b: 1').join('\n'), Y)).toBeUndefined();
  });

  test('merge keys are counted, other `<<` text is not', () => {
    expect(yamlTooComplex('a: "<< not a merge"\nb: x << y', { maxDepth: 10, maxMergeKeys: 0 })).toBeUndefined();
    expect(yamlTooComplex('a:\n  <<: *b', { maxDepth: 10, maxMergeKeys: 0 })).toMatchObject({ what: 'merge-keys', line: 2, column: 3 });
  });
});

test('yamlTooComplex (which passes over characters it does not act on) answers as a scan of every character does', () => {
  // Every character the scan acts on, and some it does not (letters, NBSP, an astral and a lone surrogate).
  const chars = [' ', ' ', '\t', '\r', '\n', '\n  ', '#', '"', "'", '\\', '-', '- ', '?', ':', ',', '[', ']', '{', '}', '<', '<<: ', 'a', 'é', '\u00a0', '\u{1F600}', '\uD800'];
  const text = fc.array(fc.constantFrom(...chars), { maxLength: 80 }).map((a) => a.join(''));
  fc.assert(
    fc.property(text, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 }), (t, maxDepth, maxMergeKeys) => {
      expect(yamlTooComplex(t, { maxDepth, maxMergeKeys })).toEqual(referenceYamlTooComplex(t, { maxDepth, maxMergeKeys }));
    }),
    { numRuns: 20000 },
  );
  const large = readFileSync(join(ROOT, 'scopes.yaml'), 'utf8');
  for (const maxDepth of [1, 2, 3, 4, 5]) expect(yamlTooComplex(large, { maxDepth, maxMergeKeys: 0 })).toEqual(referenceYamlTooComplex(large, { maxDepth, maxMergeKeys: 0 }));
});

test('jsonTooDeep ignores brackets in strings, escaped quotes included', () => {
  expect(jsonTooDeep(`{"a":"\\"${'['.repeat(500)}"}`, 10)).toBeUndefined();
  expect(jsonTooDeep(`{"a":\n  [[[[`, 3)).toEqual({ offset: 10, line: 2, column: 5, depth: 4 });
});

test('jsonTooDeep (which jumps over strings) finds what a scan of every character finds', () => {
  // The reference: one character at a time, a backslash in a string skipping the next one.
  const reference = (text: string, max: number): number | undefined => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '[' || c === '{') {
        if (++depth > max) return i;
      } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    }
    return undefined;
  };
  const text = fc.array(fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ',', '\n'), { maxLength: 60 }).map((a) => a.join(''));
  fc.assert(
    fc.property(text, fc.integer({ min: 0, max: 6 }), (t, max) => {
      expect(jsonTooDeep(t, max)?.offset).toBe(reference(t, max));
    }),
    { numRuns: 5000 },
  );
});

describe('foreign text in messages', () => {
  test('userinfo is redacted wherever a URL appears', () => {
    expect(redactUserinfo('see https://admin:pw@acme.okta.com/x and http://u@h:1')).toBe('see https://***@acme.okta.com/x and http://***@h:1');
    expect(redactUserinfo('https://a:b@c@d.example/p@q')).toBe('https://***@d.example/p@q');
  });

  test('control characters are shown, never sent; quotes and length are bounded; tokens pass as is', () => {
    expect(quoteForeign('x\n::error::y\u001b[2J"')).toBe('"x\\u000a::error::y\\u001b[2J\\""');
    expect(cleanForeign('a'.repeat(300))).toHaveLength(201);
    expect(foreignToken('okta.users.read')).toBe('okta.users.read');
    expect(foreignToken('::error::x')).toBe('"::error::x"');
    expect(foreignToken('ACTIVE ')).toBe('"ACTIVE "');
  });
});
