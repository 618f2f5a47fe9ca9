import { existsSync, readFileSync } from 'node:fs';
import { loadCatalog } from '../../core/catalog';
import { explain, type Explanation } from '../../app/explain/explain';
import { parseExplainInput } from '../../app/explain/parse';
import { explanationToJson, explanationToText } from '../../app/explain/render';
import { todayUtc } from '../../core/policy/evaluate';
import { defaultManifestFile, loadProject, type Project } from '../../core/project';
import { EXIT_OK, type CliIo, inCwd } from '../io';
import { flagError } from '../fail';
import { render, type CommandFormat, type Renderers } from '../../output/format';

const RENDERERS: Renderers<CommandFormat<'explain'>, Explanation, { all: boolean }> = { text: (e, o) => explanationToText(e, o), json: explanationToJson };

export interface ExplainOptions {
  config?: string;
  format: CommandFormat<'explain'>;
  /** `--connection`: read the org's grants, tokens and log (needs credentials) and explain with them. */
  connection?: boolean;
  /** With --connection: the org of scopes.yaml (default: its only org). */
  org?: string;
  orgUrl?: string[];
  since?: string;
  /** Text: every card and reason, not the first few. */
  all?: boolean;
}

/**
 * `wf-scopes explain <input>`: why a 403 happened and how to fix it. The words of the input are joined,
 * so `explain GET /api/v1/logs` needs no quotes; `-` reads the input from stdin (a pasted response).
 * Exit 0 when explained, 1 when the input (or scopes.yaml) cannot be read.
 */
export async function runExplain(words: string[], opts: ExplainOptions, io: CliIo, readStdin: () => string = () => readFileSync(0, 'utf8')): Promise<number> {
  refuseConnectionFlagsAlone(opts);
  const raw = words.length === 1 && words[0] === '-' ? readStdin() : words.join(' ');
  const input = parseExplainInput(raw);
  const catalog = loadCatalog();

  // An explicit declaration (--config or WF_SCOPES_FILE) must exist; the default one is optional, since
  // explain is often run far from the repository.
  const explicit = opts.config !== undefined || Boolean(io.env.WF_SCOPES_FILE?.trim());
  const file = opts.config ?? defaultManifestFile(io.env);
  let project: Project | undefined;
  if (input.kind !== 'permission' && (explicit || existsSync(inCwd(io, file)))) {
    project = loadProject(file, { cwd: io.cwd, catalog, today: todayUtc(io.env) });
  }

  let e = explain(input, { catalog, project, config: { file, loaded: project !== undefined } });
  if (opts.connection) e = await (await import('./explain-connection')).explainWithConnection(e, project, opts, io);
  io.stdout(render(opts.format, RENDERERS, e, { all: opts.all === true }));
  return EXIT_OK;
}

/** `--since`, `--org-url` and `--org` only shape the --connection read: alone they would be ignored, so they are refused (as diff does). */
function refuseConnectionFlagsAlone(opts: ExplainOptions): void {
  if (opts.connection) return;
  const given: [string, boolean][] = [
    ['--since', opts.since !== undefined],
    ['--org-url', (opts.orgUrl ?? []).length > 0],
    ['--org', opts.org !== undefined],
  ];
  const flag = given.find(([, on]) => on)?.[0];
  if (flag) throw flagError(flag, `${flag} goes with --connection`, `add --connection, or drop ${flag}`);
}
