import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/core/catalog';
import { parseManifest } from '../../src/core/manifest/load';
import { EXAMPLE_FLOWS, exampleFlowsIn } from '../../src/app/scan/example';

const ROOT = join(__dirname, '..', '..');
const catalog = loadCatalog();
const shipped = readFileSync(join(ROOT, 'scopes.yaml'), 'utf8');

describe('the shipped example, recognised by content', () => {
  test('every flow of the shipped scopes.yaml is recognised, and only those', () => {
    const manifest = parseManifest(shipped, 'scopes.yaml', catalog).manifest;
    expect(manifest).toBeDefined();
    if (!manifest) return;
    expect(exampleFlowsIn(manifest).map((f) => f.label)).toEqual(manifest.flows.map((f) => `"${f.name}" in ${f.folder ?? ''}`));
    expect(EXAMPLE_FLOWS).toHaveLength(manifest.flows.length);
  });

  test('a flow of the same name and folder with other cards is the user\'s own', () => {
    const text = 'version: 1\norgs:\n  - name: prod\n    domain: acme.okta.com\nflows:\n  - name: Offboard contractor\n    folder: Lifecycle\n    cards: [Okta/Read User]\n';
    const manifest = parseManifest(text, 'scopes.yaml', catalog).manifest;
    expect(manifest && exampleFlowsIn(manifest)).toEqual([]);
  });
});
