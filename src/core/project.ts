import { loadCatalog } from './catalog';
import type { Catalog } from './catalog/types';
import { loadManifestFile, parseManifest } from './manifest/load';
import type { Manifest } from './manifest/types';
import { POLICY_FIX, evaluatePolicy, todayUtc, type PolicyResult } from './policy/evaluate';
import { resolve } from './resolve/resolve';
import type { Resolution } from './resolve/types';
import { commandEnv } from '../util/command-env';
import { UserError, type Diagnostic } from '../util/diagnostics';

export interface Project {
  catalog: Catalog;
  manifest: Manifest;
  resolution: Resolution;
  /** Load warnings then resolver warnings; never an error (those throw). */
  warnings: Diagnostic[];
  /** The declaration's own policy, evaluated; violations are for the caller to act on. */
  policy: PolicyResult;
}

export interface LoadOptions {
  catalog?: Catalog;
  /** YYYY-MM-DD for suppression expiry; default today (UTC) or $WF_SCOPES_TODAY. */
  today?: string;
  /** A review base: conditions that would revoke a grant are warnings (see ParseOptions.lenient). */
  lenient?: boolean;
  /** The folder a relative file is read from (the command's io.cwd); messages name the file as given. */
  cwd?: string;
}

/** The default declaration: `WF_SCOPES_FILE`, else `scopes.yaml` in the working folder. */
export function defaultManifestFile(env: NodeJS.ProcessEnv = commandEnv()): string {
  return env.WF_SCOPES_FILE && env.WF_SCOPES_FILE.trim() ? env.WF_SCOPES_FILE : 'scopes.yaml';
}

function finish(result: ReturnType<typeof parseManifest>, catalog: Catalog, today: string, lenient: boolean): Project {
  if (!result.manifest) throw new UserError(result.diagnostics.filter((d) => d.severity === 'error').concat(result.diagnostics.filter((d) => d.severity !== 'error')));
  const resolution = resolve(result.manifest, catalog, { lenient });
  // An org that resolves to nothing fails here, after every declaration error was already reported.
  const errors = resolution.warnings.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UserError([...errors, ...result.diagnostics, ...resolution.warnings.filter((d) => d.severity !== 'error')]);
  const policy = evaluatePolicy(result.manifest, resolution, catalog, today);
  return { catalog, manifest: result.manifest, resolution, warnings: [...result.diagnostics, ...resolution.warnings], policy };
}

/** Reads, validates and resolves a declaration; throws UserError with every problem of the file. */
export function loadProject(file: string, opts: LoadOptions = {}): Project {
  const catalog = opts.catalog ?? loadCatalog();
  return finish(loadManifestFile(file, catalog, { lenient: opts.lenient, cwd: opts.cwd }), catalog, opts.today ?? todayUtc(), opts.lenient === true);
}

export function loadProjectText(text: string, file: string, opts: LoadOptions = {}): Project {
  const catalog = opts.catalog ?? loadCatalog();
  return finish(parseManifest(text, file, catalog, { lenient: opts.lenient }), catalog, opts.today ?? todayUtc(), opts.lenient === true);
}

/** Policy violations as error diagnostics (check fails on them, synth refuses them). */
export function policyDiagnostics(policy: PolicyResult): Diagnostic[] {
  return [
    ...policy.violations.map((v) => ({
      severity: 'error' as const,
      code: `policy-${v.rule}`,
      loc: v.loc,
      message: `${v.org === '*' ? '' : `org ${v.org}: `}${v.message}`,
      hint: POLICY_FIX[v.rule],
    })),
    ...policy.unused.map((s) => ({
      severity: 'warning' as const,
      code: 'unused-suppression',
      loc: s.loc,
      message: `suppression of \`${s.rule}\` matches nothing`,
      hint: 'remove it',
    })),
  ];
}
