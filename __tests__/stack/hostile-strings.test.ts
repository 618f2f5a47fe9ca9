/**
 * No string of scopes.yaml can add a block to the generated Terraform or be evaluated in it. For
 * hostile strings (any unicode, `${`, `%{`, `EOF`, line breaks, quotes, backslashes, braces): the loader
 * either refuses them with a located error, or the synthesized JSON and HCL parse back to exactly the
 * expected blocks, with every string equal to what was written once Terraform's template escapes
 * (`$${` → `${`, `%%{` → `%{`) are read.
 */
import fc from 'fast-check';
import { App } from 'cdktf';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { loadCatalog } from '../../src/core/catalog';
import { loadProjectText } from '../../src/core/project';
import { WorkflowsScopesStack } from '../../src/synth/stack';
import { UNSAFE_SOURCE } from '../../src/util/escape';
import { firstUnsafeChar } from '../../src/util/redact-url';
import { UserError } from '../../src/util/diagnostics';

const catalog = loadCatalog();
const RUNS = { numRuns: 40, seed: 16 };

/** What Terraform reads from a template-escaped string literal. */
const unescape = (s: string): string => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

/** A YAML double-quoted scalar holding exactly `s`: printable ASCII as is, everything else escaped. */
function yamlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

const fragment = fc.constantFrom('${', '%{', '$${', '%%{', '$', '%', '{', '}', 'EOF', '<<EOF', '\n', '\r\n', '\t', '"', '\\', '\\"', 'x', ' ', 'file("/etc/passwd")', '\u2028', '\u202e', '\u0085', '\u007f', '\u0000', 'é', '😀', 'resource "terraform_data" "x" {', '#', '//', '/*');
/** Hostile text: code points anywhere in unicode, mixed with the fragments that matter to HCL and templates. */
const anyText = fc
  .array(fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 4 })), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''));
/** The same without the characters the loader refuses: what must come through intact. */
const acceptable = anyText.map((s) => s.replace(new RegExp(UNSAFE_SOURCE, 'g'), '')).filter((s) => s !== '');
const hostile = fc.oneof({ arbitrary: acceptable, weight: 3 }, { arbitrary: anyText, weight: 1 });

interface Case {
  label: string;
  bucket: string;
  byId: boolean;
}

function yamlOf(c: Case): string {
  return [
    'version: 1',
    'terraform:',
    `  backend: {type: s3, bucket: ${yamlString(c.bucket)}, key: "wf/{org}.tfstate", region: us-east-1}`,
    'orgs:',
    '  - name: prod',
    '    domain: acme.okta.com',
    `    app: {label: ${yamlString(c.label)}${c.byId ? ', id: 0oa1abcDEF2345' : ''}}`,
    'flows:',
    // A flow name is only data: any text, even one that is refused in a label.
    `  - name: ${yamlString(`\${x} ${c.label}`)}`,
    '    cards: [Okta/Read User]',
    '',
  ].join('\n');
}

type Json = Record<string, unknown>;

/** The blocks both syntaxes must hold, whatever the strings. */
function expectStructure(doc: { terraform: unknown; provider: Json; data?: Json; resource: Json; output: Json; import?: unknown }, byId: boolean): void {
  const top = Object.keys(doc).filter((k) => k !== '//').sort();
  expect(top).toEqual(byId ? ['import', 'output', 'provider', 'resource', 'terraform'] : ['data', 'output', 'provider', 'resource', 'terraform']);
  expect(Object.keys(doc.resource)).toEqual(['okta_app_oauth_api_scope']);
  expect(Object.keys(doc.resource.okta_app_oauth_api_scope as Json)).toEqual(['workflows_oauth']);
  expect(Object.keys(doc.provider)).toEqual(['okta']);
  expect(Object.keys(doc.output).sort()).toEqual(['app_id', 'granted_scopes']);
  if (!byId) {
    expect(Object.keys(doc.data as Json)).toEqual(['okta_app']);
    expect(Object.keys((doc.data as Json).okta_app as Json)).toEqual(['workflows_oauth']);
  }
}

/** hcl2json writes each block as a list of bodies; one body each here. */
const one = (v: unknown): Json => {
  expect(Array.isArray(v) && v.length === 1).toBe(true);
  return (v as Json[])[0];
};

async function synthBoth(text: string): Promise<{ json: Json; hcl: Json; hclText: string } | { refused: UserError }> {
  let project;
  try {
    project = loadProjectText(text, '/project/scopes.yaml', { catalog, today: '2026-01-15' });
  } catch (e) {
    if (e instanceof UserError) return { refused: e };
    throw e;
  }
  const org = project.resolution.orgs[0];
  const jsonStack = new WorkflowsScopesStack(new App({ outdir: '/nonexistent', skipValidation: true }), 'prod', { org });
  const json = JSON.parse(JSON.stringify(jsonStack.toTerraform())) as Json;
  const hclText = jsonStack.toHclTerraform().hcl;
  const hcl = (await parseHcl('cdk.tf', hclText)) as Json;
  return { json, hcl, hclText };
}

describe('hostile strings in scopes.yaml stay data in the generated Terraform', () => {
  test('accepted strings round-trip literally through cdk.tf.json and cdk.tf, in exactly the expected blocks; the others are refused where they stand', async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.boolean(), async (label, bucket, byId) => {
        const c: Case = { label, bucket, byId };
        const r = await synthBoth(yamlOf(c));
        const labelOk = firstUnsafeChar(label) === undefined;
        const bucketOk = firstUnsafeChar(bucket) === undefined;
        if ('refused' in r) {
          seen.refused += 1;
          expect(labelOk && bucketOk).toBe(false);
          const errors = r.refused.diagnostics.filter((d) => d.severity === 'error');
          // Located: the label is on line 7, the bucket on line 3.
          const lines = errors.map((d) => d.loc?.line).sort();
          expect(lines).toEqual([...(bucketOk ? [] : [3]), ...(labelOk ? [] : [7])]);
          for (const d of errors) expect(d.loc?.column).toBeGreaterThan(0);
          return;
        }
        expect(labelOk && bucketOk).toBe(true);
        seen.accepted += 1;
        const { json, hcl } = r;

        // cdk.tf.json
        expectStructure(json as never, byId);
        const jtf = json.terraform as { backend: { s3: Json }; required_version: string; required_providers: { okta: Json } };
        expect(unescape(jtf.backend.s3.bucket as string)).toBe(bucket);
        expect(jtf.backend.s3.key).toBe('wf/prod.tfstate');
        expect(jtf.required_version).toBe('>= 1.5');
        const jres = (json.resource as { okta_app_oauth_api_scope: { workflows_oauth: Json } }).okta_app_oauth_api_scope.workflows_oauth;
        expect(jres.issuer).toBe('https://acme.okta.com');
        if (byId) {
          expect(json.import).toEqual([{ to: 'okta_app_oauth_api_scope.workflows_oauth', id: '0oa1abcDEF2345' }]);
          expect(jres.app_id).toBe('0oa1abcDEF2345');
        } else {
          const app = (json.data as { okta_app: { workflows_oauth: Json } }).okta_app.workflows_oauth;
          expect(unescape(app.label as string)).toBe(label);
          expect(jres.app_id).toBe('${data.okta_app.workflows_oauth.id}');
        }

        // cdk.tf, read back by HashiCorp's own HCL parser
        expectStructure(hcl as never, byId);
        const htf = one(hcl.terraform);
        expect(Object.keys(htf).sort()).toEqual(['backend', 'required_providers', 'required_version']);
        expect(unescape(one((htf.backend as Json).s3).bucket as string)).toBe(bucket);
        expect(htf.required_version).toBe('>= 1.5');
        const hres = one((hcl.resource as { okta_app_oauth_api_scope: Json }).okta_app_oauth_api_scope.workflows_oauth);
        expect(hres.issuer).toBe('https://acme.okta.com');
        if (byId) {
          expect(one(hcl.import)).toEqual({ to: '${okta_app_oauth_api_scope.workflows_oauth}', id: '0oa1abcDEF2345' });
        } else {
          const app = one((hcl.data as { okta_app: Json }).okta_app.workflows_oauth);
          expect(Object.keys(app).sort()).toEqual(['active_only', 'label']);
          expect(unescape(app.label as string)).toBe(label);
        }
      }),
      RUNS,
    );
    // Both sides were exercised.
    expect(seen.accepted).toBeGreaterThan(3);
    expect(seen.refused).toBeGreaterThan(3);
  }, 60_000);
});
