import { createHash } from 'node:crypto';
import { parseDriftJson, type DriftInput } from '../output/diff/drift-input';
import { readBoundedSync } from '../util/bounded-read';
import { limit, LIMIT_ENV } from '../util/limits';
import { jsonTooDeep } from '../util/nesting';
import { flagError } from './fail';
import { inCwd, type CliIo } from './io';

/**
 * `--drift FILE` of `report` and `review`: a `wf-scopes diff --format json` result, read through the
 * bounded reader (regular files only, up to WF_SCOPES_MAX_INPUT), refused in one linear pass when
 * nested too deep, then parsed and checked against schema/diff.schema.json (src/output/diff). Pinned
 * by the SHA-256 of its bytes. The checks against the declaration are the command's (drift-verify.ts).
 */
export function readDriftFile(file: string, io: CliIo): { ref: { file: string; sha256: string }; input: DriftInput } {
  const read = readBoundedSync(inCwd(io, file), { cap: 'maxInput' });
  if (!read.ok) {
    const hint = read.code === 'too-large' ? `raise ${LIMIT_ENV.maxInput} if ${file} is what you meant` : 'write it first: `wf-scopes diff --format json > drift.json` (exit 0 or 2 means it finished)';
    throw flagError('--drift', `cannot read ${file}: ${read.reason}`, hint);
  }
  const text = read.text;
  // A nesting bomb is refused in one linear pass, at its line and column, before JSON.parse.
  const deep = jsonTooDeep(text, limit('maxDepth'));
  if (deep) throw flagError('--drift', `${file}:${deep.line}:${deep.column}: nested deeper than ${limit('maxDepth')} levels (${LIMIT_ENV.maxDepth}): not a \`wf-scopes diff --format json\` result`, 'pass the output of `wf-scopes diff --format json`');
  return { ref: { file, sha256: createHash('sha256').update(text, 'utf8').digest('hex') }, input: parseDriftJson(text, file) };
}
