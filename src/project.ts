import { loadCatalog } from './catalog';
import type { Catalog } from './catalog/types';
import { loadManifestFile, parseManifest } from './manifest/load';
import type { Manifest } from './manifest/types';
import { resolve } from './resolve/resolve';
import type { Resolution } from './resolve/types';
import { UserError, type Diagnostic } from './util/diagnostics';

export interface Project {
  catalog: Catalog;
  manifest: Manifest;
  resolution: Resolution;
  /** Load warnings then resolver warnings; never an error (those throw). */
  warnings: Diagnostic[];
}

/** The default declaration: `WF_SCOPES_FILE`, else `scopes.yaml` in the working folder. */
export function defaultManifestFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.WF_SCOPES_FILE && env.WF_SCOPES_FILE.trim() ? env.WF_SCOPES_FILE : 'scopes.yaml';
}

function finish(result: ReturnType<typeof parseManifest>, catalog: Catalog): Project {
  if (!result.manifest) throw new UserError(result.diagnostics.filter((d) => d.severity === 'error').concat(result.diagnostics.filter((d) => d.severity !== 'error')));
  const resolution = resolve(result.manifest, catalog);
  return { catalog, manifest: result.manifest, resolution, warnings: [...result.diagnostics, ...resolution.warnings] };
}

/** Reads, validates and resolves a declaration; throws UserError with every problem of the file. */
export function loadProject(file: string, catalog: Catalog = loadCatalog()): Project {
  return finish(loadManifestFile(file, catalog), catalog);
}

export function loadProjectText(text: string, file: string, catalog: Catalog = loadCatalog()): Project {
  return finish(parseManifest(text, file, catalog), catalog);
}
