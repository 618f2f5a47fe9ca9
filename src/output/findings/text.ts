import { safeTextOutput, textField } from '../../util/escape';
import { unsuppressed, type Finding } from '../../rules/finding';

const LABEL = { error: 'error', warning: 'warning', note: 'note' } as const;

/**
 * `file:line:col: level: [org: ]message` with the fix indented on the next line: the shape compilers
 * use, so that editors jump to it. A fix shared by several findings is said once, at its first.
 * Every untrusted string is made a single inert line.
 */
export function findingsToText(findings: readonly Finding[]): string {
  const said = new Set<string>();
  const out: string[] = [];
  for (const f of unsuppressed(findings)) {
    const where = f.loc
      ? `${f.loc.file}${f.loc.line !== undefined ? `:${f.loc.line}:${f.loc.column ?? 1}` : ''}: `
      : f.flag !== undefined
        ? `${f.flag}: `
        : '';
    const org = f.org !== undefined ? `org ${f.org}: ` : '';
    out.push(`${textField(where)}${LABEL[f.level]}: ${textField(`${org}${f.message}`)}`);
    if (f.fix !== undefined && !said.has(f.fix)) {
      said.add(f.fix);
      out.push(`  ${textField(f.fix)}`);
    }
  }
  return safeTextOutput(out.map((l) => `${l}\n`).join(''));
}
