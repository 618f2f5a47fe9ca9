import fc from 'fast-check';
import { oneLine, safeTextOutput, showControls, visibleControl } from '../../src/util/escape';
import { redactUserinfo } from '../../src/util/redact-url';
import { formatDiagnostic, UserError, type Diagnostic } from '../../src/util/diagnostics';

// The escapers skip their replacing passes when a string has nothing to change. These are the passes
// written out in full, as they were before the shortcut: the shortcut must never change a result.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const fullOneLine = (t: string): string => showControls(t.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/\t/g, ' '));
const fullSafeText = (t: string): string =>
  t.replace(/\r\n/g, '\n').replace(CONTROL, visibleControl).replace(/^(\s*)::/gm, '$1\\::').replace(/##\[/g, '##\\[');
const fullRedact = (t: string): string => t.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#\s"'<>]*@/g, '$1***@');

// Strings drawn mostly from the characters each pass looks for, so that every branch is reached.
const tricky = fc
  .array(fc.constantFrom('a', ' ', ':', '::', '#', '##[', '@', '://', 'https://', 'u:pw@', '/', '\t', '\n', '\r', '\r\n', '\u2028', '\u0007', '\u001b', '\u0085', '\u202e', '\u2066', 'é', '\u00a0'), { maxLength: 24 })
  .map((parts) => parts.join(''));

describe('escape shortcuts', () => {
  const params = { numRuns: 2000, seed: 22 };

  test('oneLine equals its full passes on any string', () => {
    fc.assert(fc.property(fc.oneof(tricky, fc.string()), (t) => oneLine(t) === fullOneLine(t)), params);
  });

  test('safeTextOutput equals its full passes on any string', () => {
    fc.assert(fc.property(fc.oneof(tricky, fc.string()), (t) => safeTextOutput(t) === fullSafeText(t)), params);
  });

  test('redactUserinfo equals its full pass on any string', () => {
    fc.assert(fc.property(fc.oneof(tricky, fc.string()), (t) => redactUserinfo(t) === fullRedact(t)), params);
  });
});

describe('UserError', () => {
  const list: Diagnostic[] = [
    { severity: 'error', code: 'unknown-card', loc: { file: 'scopes.yaml', line: 3, column: 9 }, message: 'unknown card `Okta/Raed User`', hint: 'did you mean `Okta/Read User`?' },
    { severity: 'warning', code: 'w', message: 'see https://u:secret@acme.okta.com' },
  ];

  test('its message is the formatted diagnostics, one per line, as the CLI prints them', () => {
    const err = new UserError(list);
    expect(err.message).toBe(list.map(formatDiagnostic).join('\n'));
    expect(err.message).not.toContain('secret');
    expect(String(err)).toBe(`UserError: ${err.message}`);
    expect(err.stack?.startsWith(`UserError: ${err.message}\n`)).toBe(true);
  });

  test('a string becomes one error diagnostic; nothing but the diagnostics and name is enumerable', () => {
    const err = new UserError('boom');
    expect(err.diagnostics).toEqual([{ severity: 'error', code: 'error', message: 'boom' }]);
    expect(err.message).toBe('error: boom');
    expect(Object.keys(err).sort()).toEqual(['diagnostics', 'name']);
  });
});
