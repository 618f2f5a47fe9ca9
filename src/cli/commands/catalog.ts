import { loadCatalog, type Catalog } from '../../core/catalog';
import { catalogToJson, catalogToMarkdown, catalogToText, staleReport, staleToJson, staleToMarkdown, staleToText, type StaleReport } from '../../core/catalog/listing';
import { todayUtc } from '../../core/policy/evaluate';
import { flagError } from '../fail';
import { EXIT_OK, type CliIo } from '../io';
import { render, type CommandFormat, type Renderers } from '../../output/format';

type CatalogFormat = CommandFormat<'catalog'>;
/** The listing; the context says whether to print the counts (`--stats`) instead of the rows. */
const LISTING_RENDERERS: Renderers<CatalogFormat, Catalog, boolean> = { text: catalogToText, json: catalogToJson, markdown: catalogToMarkdown };
const STALE_RENDERERS: Renderers<CatalogFormat, StaleReport, void> = { text: staleToText, json: staleToJson, markdown: staleToMarkdown };

export interface CatalogOptions {
  format: CommandFormat<'catalog'>;
  stats?: boolean;
  /** Whole days, as typed after --stale. */
  stale?: string;
}

/** More than a lifetime of days is a typo, and would overflow the date arithmetic. */
const MAX_STALE_DAYS = 36_500;

/** `wf-scopes catalog`: every card with its scopes, evidence and source, `--stats` the counts, `--stale N` the rows to re-read. */
export async function runCatalog(opts: CatalogOptions, io: CliIo): Promise<number> {
  const days = opts.stale === undefined ? undefined : staleDays(opts.stale);
  if (days !== undefined && opts.stats === true) throw flagError('--stale', '--stale and --stats cannot be combined', 'run `catalog --stats` and `catalog --stale N` separately');
  const catalog = loadCatalog();
  if (days !== undefined) {
    const report = staleReport(catalog, todayUtc(io.env), days);
    io.stdout(render(opts.format, STALE_RENDERERS, report, undefined));
    return Promise.resolve(EXIT_OK);
  }
  const stats = opts.stats === true;
  io.stdout(render(opts.format, LISTING_RENDERERS, catalog, stats));
  return Promise.resolve(EXIT_OK);
}

function staleDays(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) > MAX_STALE_DAYS) {
    throw flagError('--stale', `expected a whole number of days from 0 to ${MAX_STALE_DAYS}, got "${text}"`, 'e.g. --stale 90 lists the rows whose source was not read in the last 90 days');
  }
  return Number(t);
}
