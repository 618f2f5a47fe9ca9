// Reads a tab-separated data table: comments skipped, header checked, each row's column count checked.
import { readFileSync } from 'node:fs';
import { CatalogDataError } from './files';

export interface TsvRow {
  line: number;
  cells: string[];
}

/** Tab-separated rows after the `#` comments and the header line, which must equal `columns`. */
export function readTsv(path: string, label: string, columns: readonly string[]): TsvRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: TsvRow[] = [];
  let headerSeen = false;
  lines.forEach((text, i) => {
    if (text === '' || text.startsWith('#')) return;
    const cells = text.split('\t');
    if (!headerSeen) {
      if (cells.join('\t') !== columns.join('\t')) {
        throw new CatalogDataError(label, `line ${i + 1}: header must be "${columns.join('\\t')}"`);
      }
      headerSeen = true;
      return;
    }
    if (cells.length !== columns.length) {
      throw new CatalogDataError(label, `line ${i + 1}: ${cells.length} columns, expected ${columns.length}`);
    }
    rows.push({ line: i + 1, cells });
  });
  if (!headerSeen) throw new CatalogDataError(label, 'no header line');
  return rows;
}
