import type { Diagnostic } from '../util/diagnostics';
import { finding, type Finding } from './types';

/** An input error or warning (a loader or flag diagnostic) as a finding: WFS301 or WFS302, its code kept. */
export function fromDiagnostic(d: Diagnostic): Finding {
  return finding(d.severity === 'error' ? 'invalid-input' : 'input-warning', {
    code: d.code,
    message: d.message,
    fix: d.hint,
    loc: d.loc,
    flag: d.flag,
  });
}

export function fromDiagnostics(list: readonly Diagnostic[]): Finding[] {
  return list.map(fromDiagnostic);
}
