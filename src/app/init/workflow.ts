/**
 * The project's `.github/workflows/wf-scopes.yml`, derived from the template wf-scopes ships (the
 * repository's own `.github/workflows/wf-scopes.yml`, SHA-pinned actions and all): its header says who
 * wrote it, FLOWS_DIR names the project's exports, and the drift matrix lists the project's orgs.
 * Everything else is the template's, so a fix there reaches every new project.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../util/paths';

export const WORKFLOW_FILE = '.github/workflows/wf-scopes.yml';

export interface WorkflowOrg {
  name: string;
  envPrefix?: string;
}

/** The template as shipped. */
export function workflowTemplate(): string {
  return readFileSync(join(projectRoot(), WORKFLOW_FILE), 'utf8');
}

/** Replaces the one match of `pattern`; a template without it is a bug of the package, never the user's. */
function replaceOnce(text: string, pattern: RegExp, by: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`wf-scopes init: the workflow template has ${matches.length} ${what}, expected 1`);
  return text.replace(pattern, () => by);
}

/** A YAML scalar that needs no quoting: org names and env prefixes are letters, digits, `_` and `-`. */
const plain = (s: string): string => (s === '' ? '""' : s);

function matrix(orgs: readonly WorkflowOrg[]): string {
  return orgs
    .map((o) => [`          - org: ${o.name}`, `            envPrefix: ${plain(o.envPrefix ?? '')}`, `            environment: wf-scopes-${o.name}`].join('\n'))
    .join('\n');
}

/** The workflow for a project with these orgs whose exports live in `flowsDir`. */
export function deriveWorkflow(template: string, orgs: readonly WorkflowOrg[], flowsDir: string): string {
  let text = replaceOnce(
    template,
    /^# wf-scopes in CI: fork this file, then adapt the two marked places \(FLOWS_DIR and the org matrix\),$/m,
    '# wf-scopes in CI, written by `wf-scopes init`: check the two marked places (FLOWS_DIR and the org matrix),',
    'header lines',
  );
  const dir = /^[A-Za-z0-9._/-]+$/.test(flowsDir) ? flowsDir : JSON.stringify(flowsDir);
  text = replaceOnce(text, /^ {2}FLOWS_DIR: .*$/m, `  FLOWS_DIR: ${dir}`, 'FLOWS_DIR lines');
  // The matrix entries: from `include:` up to the job's `steps:`.
  text = replaceOnce(text, /^ {8}include:\n(?: {10}.*\n)+(?= {4}steps:)/m, `        include:\n${matrix(orgs)}\n`, 'drift matrices');
  return text;
}
