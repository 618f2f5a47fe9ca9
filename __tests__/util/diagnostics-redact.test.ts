import { formatDiagnostic } from '../../src/util/diagnostics';

describe('formatDiagnostic', () => {
  test('a password in a URL never reaches the printed line, in the message or the hint', () => {
    const out = formatDiagnostic({
      severity: 'error',
      code: 'bad-flag',
      flag: '--org-url',
      message: 'refusing https://admin:hunter2@acme.okta.com/x',
      hint: 'e.g. --org-url prod=https://u:pw-secret@acme.okta.com',
    });
    expect(out).toBe('--org-url: error: refusing https://***@acme.okta.com/x\n  e.g. --org-url prod=https://***@acme.okta.com');
  });
});
