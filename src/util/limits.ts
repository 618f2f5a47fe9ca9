import { commandEnv } from './command-env';
import { UserError } from './diagnostics';

/**
 * Every cap on what wf-scopes reads (and on the lists the access report writes), with the environment variable that overrides it. The README's
 * "Limits" section lists the same names and defaults.
 */
export const LIMIT_ENV = {
  /** Bytes of one JSON input file: `terraform show -json` output, a flow export. */
  maxInput: 'WF_SCOPES_MAX_INPUT_BYTES',
  /** Bytes of a scopes.yaml (validating YAML costs far more memory per byte than parsing JSON). */
  maxYaml: 'WF_SCOPES_MAX_YAML_BYTES',
  /** Nesting depth of `[`/`{` (and YAML indentation) in an input file. */
  maxDepth: 'WF_SCOPES_MAX_DEPTH',
  /** Bytes of one Okta response body. */
  maxResponse: 'WF_SCOPES_MAX_RESPONSE_BYTES',
  /** Pages (successful GETs) read from one org. */
  maxPages: 'WF_SCOPES_MAX_PAGES',
  /** Seconds for everything sent to one org, retries and waits included. */
  deadline: 'WF_SCOPES_OKTA_DEADLINE',
  /** Characters of a value `scan` builds by following wires (a Custom API call's URL): past it, known only at run time. */
  maxPathChars: 'WF_SCOPES_MAX_PATH_CHARS',
  /** Steps `scan` spends following the wires of one flow (card outputs evaluated, inputs read, pieces built). */
  maxFlowSteps: 'WF_SCOPES_MAX_FLOW_STEPS',
  /** Items the access report lists in one place (a scope's flows, the matrix rows): past it the rest is counted, "and N more". */
  maxReportItems: 'WF_SCOPES_MAX_REPORT_ITEMS',
} as const;

export const LIMIT_DEFAULTS = {
  // Measured peaks for rejected inputs at these sizes stay under 512 MB (see the README's Limits).
  maxInput: 32 * 1024 * 1024,
  maxYaml: 4 * 1024 * 1024,
  maxDepth: 200,
  maxResponse: 16 * 1024 * 1024,
  maxPages: 500,
  deadline: 300,
  // Real URLs stay far below (the corpus's longest is under 200 characters; 2,000 is the common
  // practical limit of a URL). The cap keeps a Compose fanned out into a Concatenate from building
  // gigabytes, and bounds what each unresolved call prints as its placeholder.
  maxPathChars: 2048,
  // Real flows need at most a few hundred; a million keeps the worst flow within about a second and
  // tens of MB however its wires are laid out.
  maxFlowSteps: 1_000_000,
  // Far above a real org's flows (hundreds): only a generated declaration folds. It keeps the page of
  // 60 orgs x 50,000 flows to tens of MB instead of gigabytes.
  maxReportItems: 500,
} as const;

export type LimitName = keyof typeof LIMIT_ENV;

/**
 * The cap from the environment, else the default. Blank means unset; anything else that is not a
 * positive whole number is an error, so that a typo can never lift a cap silently.
 */
export function limit(name: LimitName, env: NodeJS.ProcessEnv = commandEnv()): number {
  const raw = env[LIMIT_ENV[name]];
  if (raw === undefined || raw.trim() === '') return LIMIT_DEFAULTS[name];
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UserError({
      severity: 'error',
      code: 'bad-env',
      message: `${LIMIT_ENV[name]} must be a positive whole number, got ${JSON.stringify(raw.slice(0, 40))}`,
      hint: `unset it for the default (${LIMIT_DEFAULTS[name]})`,
    });
  }
  return n;
}
