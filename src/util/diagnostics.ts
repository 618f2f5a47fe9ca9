import { safeTextOutput, textField } from './escape';
import { redactUserinfo } from './redact-url';

/** Where something was written: 1-based line and column in a file. */
export interface SourceLoc {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

/**
 * One finding about the user's input. Every error a user can cause is one of these: it says where,
 * what was expected, and (in `hint`) how to fix it, e.g. a did-you-mean.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `unknown-card`, `missing-reason`. */
  code: string;
  message: string;
  loc?: SourceLoc;
  /** Names the CLI flag at fault when the problem is not in a file. */
  flag?: string;
  hint?: string;
}

/**
 * An error the user caused and can fix; the CLI prints it without a stack trace and exits 1. Its
 * message is formatted when first read, not when thrown: the CLI prints the diagnostics themselves, and
 * a declaration of 87,000 unknown cards would otherwise format each of them twice.
 */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  #formatted: string | undefined;
  constructor(diagnostics: Diagnostic[] | Diagnostic | string) {
    super();
    this.name = 'UserError';
    this.diagnostics =
      typeof diagnostics === 'string'
        ? [{ severity: 'error', code: 'error', message: diagnostics }]
        : Array.isArray(diagnostics)
          ? diagnostics
          : [diagnostics];
  }

  override get message(): string {
    return (this.#formatted ??= this.diagnostics.map(formatDiagnostic).join('\n'));
  }
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** `file:line:col: error: message (hint)` — the shape compilers use, so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic): string {
  // Names, paths and server texts end up here: each part stays one inert line, and a password in a
  // URL (user:pw@host) never reaches the terminal, whichever message carried it.
  const where = d.loc ? `${textField(formatLoc(d.loc))}: ` : d.flag ? `${textField(d.flag)}: ` : '';
  const hint = d.hint ? `\n  ${textField(redactUserinfo(d.hint))}` : '';
  return safeTextOutput(`${where}${d.severity}: ${textField(redactUserinfo(d.message))}${hint}`);
}

/** Several diagnostics, one per line; a hint shared by several is said once, at its first. */
export function formatDiagnostics(list: readonly Diagnostic[]): string {
  const said = new Set<string>();
  return list
    .map((d) => {
      const repeat = d.hint !== undefined && said.has(d.hint);
      if (d.hint !== undefined) said.add(d.hint);
      return `${formatDiagnostic(repeat ? { ...d, hint: undefined } : d)}\n`;
    })
    .join('');
}

/** Sort by file, line, column, then message, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.loc?.line ?? 0;
  const lb = b.loc?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.loc?.column ?? 0;
  const cb = b.loc?.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
