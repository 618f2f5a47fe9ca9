import { loadCatalog } from '../../src/core/catalog';
import { parseManifest } from '../../src/core/manifest/load';
import { DEFAULT_PROVIDER_VERSION, DEFAULT_REQUIRED_VERSION } from '../../src/core/manifest/types';
import { loadProjectText } from '../../src/core/project';
import { resolutionToJson, resolutionToText } from '../../src/output/check';
import { UserError, type Diagnostic } from '../../src/util/diagnostics';

/** Every manifest condition after which an apply would revoke a grant the author meant to keep fails closed. */
const catalog = loadCatalog();
const TWO_ORGS = `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
  - {name: preview, domain: acme.oktapreview.com}
`;

function errorsOf(text: string): Diagnostic[] {
  try {
    loadProjectText(text, 'scopes.yaml', { catalog });
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
  return [];
}

describe('undeclared org names are errors with a did-you-mean', () => {
  test('in a flow: `orgs: [prod, previwe]`', () => {
    const errors = errorsOf(`${TWO_ORGS}flows:\n  - name: F\n    orgs: [prod, previwe]\n    cards: [Okta/Read User]\n`);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'unknown-org',
        loc: { file: 'scopes.yaml', line: 7, column: 18 },
        hint: 'did you mean `preview`? Declared orgs: prod, preview',
      }),
    ]);
    expect(errors[0].message).toContain('an apply there would revoke them');
  });

  test('in an extraScopes entry', () => {
    const errors = errorsOf(`${TWO_ORGS}flows: [{name: F, cards: [Okta/Read User]}]\nextraScopes:\n  - {scope: okta.apps.read, reason: r, orgs: [Prod]}\n`);
    expect(errors.map((e) => [e.code, e.hint])).toEqual([['unknown-org', 'did you mean `prod`? Declared orgs: prod, preview']]);
  });

  test('a lenient read (a review base) keeps them as warnings', () => {
    const r = parseManifest(`${TWO_ORGS}flows:\n  - name: F\n    orgs: [previwe]\n    cards: [Okta/Read User]\n`, 'scopes.yaml', catalog, { lenient: true });
    expect(r.manifest).toBeDefined();
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['unknown-org', 'warning']]);
  });
});

describe('an org that resolves to no scope', () => {
  test('is an error at the org, saying every grant would be revoked', () => {
    const errors = errorsOf(`${TWO_ORGS}flows:\n  - name: F\n    orgs: [prod]\n    cards: [Okta/Read User]\n`);
    expect(errors.map((e) => [e.code, e.loc?.line])).toEqual([['no-scopes', 4]]);
    expect(errors[0].message).toContain('would revoke every grant');
    expect(errors[0].hint).toContain('allowEmpty');
  });

  test('is accepted with allowEmpty and a reason', () => {
    const p = loadProjectText(
      `version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\n  - {name: preview, domain: acme.oktapreview.com, allowEmpty: {reason: flows not built yet}}\nflows:\n  - {name: F, orgs: [prod], cards: [Okta/Read User]}\n`,
      'scopes.yaml',
      { catalog },
    );
    expect(p.resolution.orgs[1]).toMatchObject({ name: 'preview', scopes: [], allowEmpty: { reason: 'flows not built yet' } });
  });

  test('allowEmpty without a reason is a schema error', () => {
    const errors = errorsOf(`version: 1\norgs:\n  - {name: prod, domain: acme.okta.com, allowEmpty: {}}\n`);
    expect(errors.some((e) => e.message.includes('reason'))).toBe(true);
  });

  test('allowEmpty on an org that does resolve to scopes is only a warning', () => {
    const p = loadProjectText(`version: 1\norgs:\n  - {name: prod, domain: acme.okta.com, allowEmpty: {reason: x}}\nflows: [{name: F, cards: [Okta/Read User]}]\n`, 'scopes.yaml', { catalog });
    expect(p.warnings.map((w) => w.code)).toContain('allow-empty-unused');
    // The warning says its stack is synthesized, and it is: the resolved org is not allowEmpty.
    expect(p.resolution.orgs[0].scopes.length).toBeGreaterThan(0);
    expect(p.resolution.orgs[0].allowEmpty).toBeUndefined();
  });
});

describe('two stacks managing one grant set', () => {
  test('two orgs granting to the same app is an error', () => {
    const errors = errorsOf(`version: 1\norgs:\n  - {name: prod, domain: acme.okta.com}\n  - {name: prod2, domain: ACME.okta.com}\nflows: [{name: F, cards: [Okta/Read User]}]\n`);
    expect(errors.map((e) => [e.code, e.loc?.line])).toEqual([['duplicate-app', 4]]);
  });

  test('two apps of one org are fine', () => {
    expect(errorsOf(`version: 1\norgs:\n  - {name: a, domain: acme.okta.com, app: {id: 0oa1b2c3d4e5f6g7h8i9}}\n  - {name: b, domain: acme.okta.com, app: {id: 0oa9z8y7x6w5v4u3t2s1}}\nflows: [{name: F, cards: [Okta/Read User]}]\n`)).toEqual([]);
  });

  test('a shared backend without {org} in its key is an error', () => {
    const errors = errorsOf(`${TWO_ORGS}flows: [{name: F, cards: [Okta/Read User]}]\nterraform:\n  backend: {type: s3, bucket: tf, key: wf-scopes.tfstate, region: us-east-1}\n`);
    expect(errors.map((e) => e.code)).toEqual(['shared-state']);
    expect(errors[0].hint).toContain('{org}');
  });
});

describe('terraform settings', () => {
  const flows = 'flows: [{name: F, cards: [Okta/Read User]}]\n';

  test('defaults: Terraform >= 1.5, a provider range, prevent_destroy, the local backend', () => {
    const p = loadProjectText(`${TWO_ORGS}${flows}`, 'scopes.yaml', { catalog });
    expect(p.resolution.orgs[0].terraform).toEqual({ requiredVersion: DEFAULT_REQUIRED_VERSION, providerVersion: DEFAULT_PROVIDER_VERSION, preventDestroy: true });
    expect(DEFAULT_REQUIRED_VERSION).toBe('>= 1.5');
  });

  test('top-level settings, {org} in the backend, and an org overriding key by key', () => {
    const p = loadProjectText(
      `version: 1
orgs:
  - {name: prod, domain: acme.okta.com}
  - name: preview
    domain: acme.oktapreview.com
    terraform: {preventDestroy: false, providerVersion: "~> 6.5"}
${flows}terraform:
  providerVersion: ">= 6.0, < 7.0"
  backend: {type: s3, bucket: tf-state, key: "wf-scopes/{org}.tfstate", region: us-east-1}
`,
      'scopes.yaml',
      { catalog },
    );
    const [prod, preview] = p.resolution.orgs;
    expect(prod.terraform).toMatchObject({ providerVersion: '>= 6.0, < 7.0', preventDestroy: true, backend: { type: 's3', config: { bucket: 'tf-state', key: 'wf-scopes/prod.tfstate', region: 'us-east-1' } } });
    expect(preview.terraform).toMatchObject({ providerVersion: '~> 6.5', preventDestroy: false, backend: { type: 's3', config: { key: 'wf-scopes/preview.tfstate' } } });
  });

  test('a credential in the backend settings is an error at its key', () => {
    const errors = errorsOf(`version: 1\norgs: [{name: prod, domain: acme.okta.com}]\n${flows}terraform:\n  backend:\n    type: s3\n    bucket: b\n    key: k\n    secret_key: hunter2\n`);
    expect(errors.map((e) => [e.code, e.loc?.line, e.loc?.column])).toEqual([['backend-secret', 9, 17]]);
    expect(errors[0].message).not.toContain('hunter2');
  });

  test('an unknown backend type is a schema error', () => {
    const errors = errorsOf(`version: 1\norgs: [{name: prod, domain: acme.okta.com}]\n${flows}terraform:\n  backend: {type: s4}\n`);
    expect(errors.length).toBe(1);
    expect(errors[0].loc?.line).toBe(5);
  });
});

describe('an org with only Okta Realms cards', () => {
  const p = loadProjectText(`version: 1\norgs: [{name: prod, domain: acme.okta.com}]\nflows:\n  - name: Realms\n    cards: [Okta Realms/Read Realm]\n`, 'scopes.yaml', { catalog });

  test('check lists okta.realms.read with the card and its reason', () => {
    const doc = JSON.parse(resolutionToJson(p.resolution, [])) as { orgs: { scopes: { scope: string; neededBy: { card: string }[]; reasons: string[] }[] }[] };
    expect(doc.orgs[0].scopes).toEqual([
      expect.objectContaining({
        scope: 'okta.realms.read',
        neededBy: [expect.objectContaining({ card: 'Read Realm' })],
        reasons: ['granted by default with the Okta Realms connection; listed so that an apply keeps it'],
      }),
    ]);
    expect(resolutionToText(p.resolution)).toContain('default: granted by default with the Okta Realms connection; listed so that an apply keeps it');
  });
});
