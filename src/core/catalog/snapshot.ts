// The catalog's validated data as JSON, made at build time (scripts/build-catalog.js) next to the
// compiled module, so that a command starts without parsing cards.yaml and re-checking every row.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CARDS_FILE, ENDPOINTS_FILE, SCOPES_FILE } from './files';
import type { CatalogCard, ConnectorInfo, EndpointRow, ScopeInfo, SourceInfo } from './types';

/** What a load reads from the data files, once validated. */
export interface CatalogData {
  scopes: readonly ScopeInfo[];
  endpoints: readonly EndpointRow[];
  connectors: readonly ConnectorInfo[];
  cards: readonly CatalogCard[];
  sources: readonly SourceInfo[];
}

export const SNAPSHOT_FILE = 'catalog.json';

interface Snapshot {
  /** Size and modification time of each data file the snapshot was made of. */
  stamp: string;
  /** The day it was validated: a load on an earlier day (a clock set back) checks the files again. */
  validatedOn: string;
  data: CatalogData;
}

/** Which data files these are: any edit, copy or checkout changes a size or a modification time. */
function stampOf(dataDir: string): string {
  return [CARDS_FILE, SCOPES_FILE, ENDPOINTS_FILE]
    .map((f) => {
      const st = statSync(join(dataDir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join(' ');
}

/** The snapshot's text for data a full load of `dataDir` validated on `today`. */
export function snapshotText(data: CatalogData, dataDir: string, today: string): string {
  const snapshot: Snapshot = { stamp: stampOf(dataDir), validatedOn: today, data };
  return `${JSON.stringify(snapshot)}\n`;
}

/**
 * The snapshot's data when it was made of these very files and validated on `today` or before (the
 * checks that depend on the day only get easier as days pass); else undefined, and the caller loads
 * the files (not built, ts-jest, edited data).
 */
export function readSnapshot(dataDir: string, today: string, file = join(__dirname, SNAPSHOT_FILE)): CatalogData | undefined {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    if (snapshot.stamp !== stampOf(dataDir) || !(snapshot.validatedOn <= today)) return undefined;
  } catch {
    return undefined;
  }
  return snapshot.data;
}
