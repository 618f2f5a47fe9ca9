// How the explain parser reports input it cannot read: one UserError on the <input> flag, saying what was expected.
import { UserError, type Diagnostic } from '../../util/diagnostics';

const FLAG = '<input>';

const EXPECTED =
  'Expected one of: a www-authenticate header (Bearer … error="insufficient_scope", scope="…"), ' +
  'a scope name (okta.logs.read), or METHOD /path (GET /api/v1/logs).';
export const EXPECTED_HEADER =
  'Expected the whole header, e.g. www-authenticate: Bearer realm="…", scope="okta.logs.read", ' +
  'error="insufficient_scope", resource="/api/v1/logs"; copy it again from the 403 response.';

export function fail(code: string, message: string, hint: string = EXPECTED): never {
  const d: Diagnostic = { severity: 'error', code, message, flag: FLAG, hint };
  throw new UserError(d);
}

/** A short, printable excerpt of the input for messages (control characters escaped). */
export function excerpt(s: string): string {
  const cut = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  return JSON.stringify(cut);
}
