import { appendFileSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, loadCatalog } from '../../src/core/catalog';
import { CARDS_FILE, ENDPOINTS_FILE, SCOPES_FILE } from '../../src/core/catalog/files';
import { readSnapshot, snapshotText, SNAPSHOT_FILE, type CatalogData } from '../../src/core/catalog/snapshot';
import { utcDay } from '../../src/util/date';

/**
 * The build snapshots the validated catalog data (scripts/build-catalog.js) so that a command starts
 * without parsing cards.yaml; a start uses it only for the very files it was made of.
 */
const TODAY = utcDay();
const dataOf = (dir: string): CatalogData => {
  const { scopes, endpoints, connectors, cards, sources } = loadCatalog(dir, { today: TODAY });
  return { scopes, endpoints, connectors, cards, sources };
};

function copyData(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wf-snapshot-'));
  for (const f of [CARDS_FILE, SCOPES_FILE, ENDPOINTS_FILE]) copyFileSync(join(defaultDataDir(), f), join(dir, f));
  const file = join(dir, SNAPSHOT_FILE);
  writeFileSync(file, snapshotText(dataOf(dir), dir, TODAY));
  return { dir, file };
}

describe('the catalog snapshot', () => {
  test('holds exactly the data a load of the files gives (nothing JSON loses: no undefined, no shared objects)', () => {
    const { dir, file } = copyData();
    expect(readSnapshot(dir, TODAY, file)).toStrictEqual(JSON.parse(JSON.stringify(dataOf(dir))));
    expect(readSnapshot(dir, TODAY, file)).toStrictEqual(dataOf(dir));
  });

  test('the one the build wrote is that of the shipped data', () => {
    const built = join(__dirname, '..', '..', 'dist', 'src', 'core', 'catalog', SNAPSHOT_FILE);
    expect(readSnapshot(defaultDataDir(), TODAY, built)).toStrictEqual(dataOf(defaultDataDir()));
  });

  test('is not used once a data file changed, on a day before it was validated, or when unreadable', () => {
    const { dir, file } = copyData();
    expect(readSnapshot(dir, '2000-01-01', file)).toBeUndefined();
    expect(readSnapshot(dir, TODAY, join(dir, 'missing.json'))).toBeUndefined();
    appendFileSync(join(dir, SCOPES_FILE), '# an edit\n');
    expect(readSnapshot(dir, TODAY, file)).toBeUndefined();
    writeFileSync(file, '{');
    expect(readSnapshot(dir, TODAY, file)).toBeUndefined();
  });
});
