import * as fs from 'fs';
import * as path from 'path';
import { sharedPresent } from '../support/shared';
import { isOktaFamily, scanFiles, type ExportCard, type FlowExport, type ScanResult } from '../../src/sources/flows';

/** Real exports (see shared/okta-workflows-flows/SOURCES.md); read in place, never copied. */
const CORPUS = path.resolve(__dirname, '../../../shared/okta-workflows-flows');
const present = sharedPresent('okta-workflows-flows', 'flows corpus test');
const describeCorpus = present ? describe : describe.skip;

describeCorpus('the reader on the real export corpus', () => {
  let scan: ScanResult;
  let exports: FlowExport[];
  const okta = (): ExportCard[] =>
    exports.flatMap((e) => e.flows.flatMap((f) => f.cards)).filter((c) => isOktaFamily(c.connector));

  beforeAll(async () => {
    scan = await scanFiles([CORPUS]);
    exports = scan.results.flatMap((r) => (r.ok ? [r.export] : []));
  });

  it('reads all 161 exports without an error or a warning (workflow.json files are not exports)', () => {
    expect(scan.results.filter((r) => !r.ok)).toEqual([]);
    expect(exports).toHaveLength(161);
    expect(exports.flatMap((e) => e.warnings)).toEqual([]);
    expect(exports.some((e) => e.file.endsWith('.json'))).toBe(false);
  });

  it('finds 648 flows, 3 of them stubs without cards', () => {
    const flows = exports.flatMap((e) => e.flows);
    expect(flows).toHaveLength(648);
    const stubs = flows.filter((f) => f.stub);
    expect(stubs).toHaveLength(3);
    expect(stubs.every((f) => f.cards.length === 0)).toBe(true);
  });

  it('finds 513 Okta-family cards, 122 nested, 62 distinct actions', () => {
    const cards = okta();
    expect(cards).toHaveLength(513);
    const byConnector = (names: string[]): number => cards.filter((c) => names.includes(c.connector)).length;
    expect(byConnector(['okta', 'oktadevices', 'oktarealms'])).toBe(505);
    expect(byConnector(['oktaprivilegedaccess'])).toBe(8);
    expect(cards.filter((c) => c.depth > 0)).toHaveLength(122);
    expect(new Set(cards.map((c) => `${c.connector}/${c.key}`)).size).toBe(62);
  });

  it('finds 135 Okta-family Custom API Action cards, 127 of the Okta connector, and reports the resolution rate', () => {
    const calls = okta().filter((c) => c.customApi);
    expect(calls).toHaveLength(135);
    const oktaCalls = calls.filter((c) => c.connector === 'okta');
    expect(oktaCalls).toHaveLength(127);
    expect(oktaCalls.every((c) => c.key === 'hTTPRequest')).toBe(true);

    const literal = oktaCalls.filter((c) => c.customApi?.resolved && c.customApi.source === 'literal').length;
    const wired = oktaCalls.filter((c) => c.customApi?.resolved && c.customApi.source === 'wired').length;
    const unresolved = oktaCalls.filter((c) => !c.customApi?.resolved);
    // eslint-disable-next-line no-console -- the resolution rate on the real corpus, for the record
    console.log(
      `Okta Custom API paths: ${literal} literal, ${wired} resolved through wires, ${unresolved.length} unresolved ` +
        `(${(((literal + wired) / oktaCalls.length) * 100).toFixed(1)}% resolved of ${oktaCalls.length}); ` +
        `unresolved: ${unresolved.map((c) => c.customApi?.placeholder).join(', ')}; scan took ${scan.elapsedMs.toFixed(0)} ms`,
    );
    expect(literal + wired + unresolved.length).toBe(127);
    // Every resolved path is a usable relative path, every unresolved one says what it is made of.
    for (const c of oktaCalls) {
      if (c.customApi?.resolved) expect(c.customApi.path).toMatch(/^\//);
      else expect(c.customApi?.placeholder).toMatch(/\{.+\}/);
    }
    expect(oktaCalls.every((c) => c.customApi?.method !== null)).toBe(true);
  });

  it('recovers the example path of flow-format.md §5.1 through its wires', () => {
    const paths = okta().map((c) => c.customApi?.path);
    expect(paths).toContain('/api/v1/users/{Read User.ID}/credentials/forgot_password');
  });

  it('agrees with the connectors each template declares for 123 of 125 templates', () => {
    const templates = path.join(CORPUS, 'okta-workflows-templates');
    const names = fs.readdirSync(templates).filter((n) => fs.existsSync(path.join(templates, n, 'workflow.json')));
    expect(names).toHaveLength(125);
    const disagree: string[] = [];
    for (const name of names) {
      const meta = JSON.parse(fs.readFileSync(path.join(templates, name, 'workflow.json'), 'utf8')) as { connectors?: unknown };
      const declared = new Set((Array.isArray(meta.connectors) ? meta.connectors : []).filter((c): c is string => typeof c === 'string' && isOktaFamily(c)));
      const exp = exports.find((e) => e.file === path.join(templates, name, 'workflow.flopack'));
      const found = new Set(exp?.flows.flatMap((f) => f.cards.map((c) => c.connector)).filter(isOktaFamily) ?? []);
      const same = declared.size === found.size && [...declared].every((c) => found.has(c));
      if (!same) {
        // The only tolerated difference: the template declares Okta but uses none of its cards.
        expect([[...declared], [...found]]).toEqual([['okta'], []]);
        disagree.push(name);
      }
    }
    expect(disagree).toHaveLength(2);
  });
});
