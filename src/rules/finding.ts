import { RULES, type FindingLevel, type RuleName } from './registry';

/**
 * Where a finding points: a line (and column) of scopes.yaml or of a flow export, or a whole file.
 * `file` is as the user gave it (relative to the working folder) or absolute.
 */
export interface FindingLoc {
  file: string;
  line?: number;
  column?: number;
}

/** A property value renderers can print and SARIF/JSON can carry. */
export type FindingProperty = string | number | boolean | readonly string[];

/**
 * One finding of any command, in the one shape every renderer reads. Only `rule`, `level` and
 * `message` are always present; the rest say what the finding is about when it is about that.
 * Build it with `finding()`, which takes the level from the rule.
 */
export interface Finding {
  readonly rule: RuleName;
  readonly level: FindingLevel;
  /**
   * One sentence, plain text, that does not name the org (renderers prefix it, and merge the same
   * finding of several orgs); names may be quoted in backticks (Markdown renders those as code).
   */
  readonly message: string;
  /** What to do about this finding, when more specific than the rule's help. */
  readonly fix?: string;
  /** A finer machine code within the rule: the diagnostic code of an input error, the policy rule. */
  readonly code?: string;
  readonly org?: string;
  readonly scope?: string;
  readonly flow?: string;
  readonly card?: string;
  readonly loc?: FindingLoc;
  /** The flag at fault, for input errors not located in a file. */
  readonly flag?: string;
  /** Other places that matter (the other cards that need a scope, the export that uses a card). */
  readonly related?: readonly { loc: FindingLoc; message: string }[];
  /** GitHub annotation title; default: the rule's title. */
  readonly title?: string;
  /** Extra machine-readable facts (SARIF `properties`; JSON `properties`). */
  readonly properties?: Readonly<Record<string, FindingProperty>>;
  /**
   * Set when a policy suppression covers the finding: it is reported (JSON, SARIF `suppressions`) so
   * that an audit sees the exception and its reason, but it fails nothing and annotates nothing.
   */
  readonly suppressed?: { readonly reason: string; readonly expires?: string };
}

export type FindingFields = Omit<Finding, 'rule' | 'level'>;

/** A finding of `rule`; its level is the rule's, so a rule id never appears with two levels. */
export function finding(rule: RuleName, fields: FindingFields): Finding {
  const out: { -readonly [K in keyof Finding]?: Finding[K] } = { rule, level: RULES[rule].level };
  // Absent fields stay absent (not `undefined`), so JSON and SARIF do not depend on how a finding was built.
  for (const [k, v] of Object.entries(fields) as [keyof FindingFields, unknown][]) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out as Finding;
}

/** What renderers need beyond the findings. */
export interface FindingContext {
  /** wf-scopes' version (SARIF `tool.driver.version`). */
  toolVersion: string;
  /** Absolute folder output paths are relative to: the repository root, else the working folder. */
  baseDir: string;
  /** The folder relative paths in findings start from. */
  cwd: string;
  /** package.json `homepage`: SARIF informationUri and the rules' help URIs; left out when absent. */
  homepage?: string;
}

const LEVEL_RANK: Readonly<Record<FindingLevel, number>> = { error: 0, warning: 1, note: 2 };

const cmp = (a: string | undefined, b: string | undefined): number => {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * A total order for output that does not keep its producer's order: file, line, column, level, rule,
 * org, scope, flow, card, message.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.loc?.file, b.loc?.file) ||
    (a.loc?.line ?? 0) - (b.loc?.line ?? 0) ||
    (a.loc?.column ?? 0) - (b.loc?.column ?? 0) ||
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    cmp(RULES[a.rule].id, RULES[b.rule].id) ||
    cmp(a.org, b.org) ||
    cmp(a.scope, b.scope) ||
    cmp(a.flow, b.flow) ||
    cmp(a.card, b.card) ||
    cmp(a.message, b.message)
  );
}

/** `message. Fix: fix` for formats with one text per finding (SARIF, GitHub). */
export function withFix(f: Finding): string {
  if (f.fix === undefined) return f.message;
  return `${f.message}${/[.!?:]$/.test(f.message) ? '' : '.'} Fix: ${f.fix}`;
}

/** An error no suppression covers: what fails a command. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === 'error' && f.suppressed === undefined);
}

/** The findings a reader must act on: suppressed ones left out (text, Markdown, GitHub annotations). */
export function unsuppressed(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppressed === undefined);
}
