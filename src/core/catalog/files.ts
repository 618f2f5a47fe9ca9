// The catalog's data file names, and the error a defect in those files raises.

/** A defect in the shipped data files (not in user input): loading stops so it cannot go unnoticed. */
export class CatalogDataError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'CatalogDataError';
  }
}

export const CARDS_FILE = 'cards.yaml';
export const SCOPES_FILE = 'scopes.tsv';
export const ENDPOINTS_FILE = 'endpoint-scopes.tsv';
