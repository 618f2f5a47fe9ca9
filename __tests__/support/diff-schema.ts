/**
 * Throws when `text`, a `wf-scopes diff --format json` result, does not validate against
 * schema/diff.schema.json. runMain, runCli and driftJsonOf call it on every diff JSON the tests produce.
 */
export function assertDiffJson(text: string): void {
  // Loaded on first use: suites that never produce diff JSON do not compile the report's reader.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { diffJsonProblem } = require('../../src/output/diff/drift-input') as typeof import('../../src/output/diff/drift-input');
  const problem = diffJsonProblem(JSON.parse(text) as unknown);
  if (problem) throw new Error(`diff --format json broke schema/diff.schema.json: ${problem.message} (at ${problem.path || 'the top level'})`);
}

/** Checks the stdout of a CLI run when it is `diff --format json` output; any other run passes. */
export function checkDiffJsonRun(args: readonly string[], stdout: string): void {
  const i = args.indexOf('--format');
  const json = (i >= 0 && args[i + 1] === 'json') || args.includes('--format=json');
  if (args[0] === 'diff' && json && stdout.trim() !== '') assertDiffJson(stdout);
}
