import { loadCatalog } from '../../catalog';
import { catalogToJson, catalogToMarkdown, catalogToText } from '../../catalog/listing';
import { EXIT_OK, type CliIo } from '../io';

export interface CatalogOptions {
  format: 'text' | 'json' | 'markdown';
  stats?: boolean;
}

/** `wf-scopes catalog`: every card with its scopes, evidence and source, or `--stats` the counts. */
export async function runCatalog(opts: CatalogOptions, io: CliIo): Promise<number> {
  const catalog = loadCatalog();
  const stats = opts.stats === true;
  const render = opts.format === 'json' ? catalogToJson : opts.format === 'markdown' ? catalogToMarkdown : catalogToText;
  io.stdout(render(catalog, stats));
  return Promise.resolve(EXIT_OK);
}
