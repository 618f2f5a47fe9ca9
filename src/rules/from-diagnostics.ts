import type { Diagnostic } from '../util/diagnostics';
import { RULES } from './registry';
import { finding, type Finding } from './finding';

/** An input error or warning (a loader or flag diagnostic) as a finding: WFS301 or WFS302, its code kept. */
export function fromDiagnostic(d: Diagnostic): Finding {
  const rule = d.severity === 'error' ? 'invalid-input' : 'input-warning';
  return finding(rule, {
    code: d.code,
    // The code tells annotations apart (`Invalid input (unknown-card)`).
    title: `${RULES[rule].title} (${d.code})`,
    message: d.message,
    fix: d.hint,
    loc: d.loc,
    flag: d.flag,
  });
}

export function fromDiagnostics(list: readonly Diagnostic[]): Finding[] {
  return list.map(fromDiagnostic);
}
