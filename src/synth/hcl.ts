import { hclString, hclStringBody, isPlainObject } from './terraform-text';

/**
 * cdktf renders a reference as an interpolation-only string (`app_id = "${data.okta_app.x.id}"`),
 * which Terraform 0.12+ reads as the bare expression and `terraform fmt` rewrites to it (so
 * `fmt -check` fails on cdktf's own output). Rewrites such attribute values to the bare reference;
 * the meaning is unchanged. Only a whole value that is one `${…}` with no quote, brace or nested
 * template inside is touched.
 */
export function unwrapInterpolationOnly(hcl: string): string {
  return hcl.replace(/^([ \t]*[A-Za-z_][\w-]*[ \t]*=[ \t]*)"\$\{([^"{}$%]+)\}"[ \t]*$/gm, '$1$2');
}

/** Text files end with a newline, as `terraform fmt` leaves them. */
export function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** What `withHclSafeStrings` needs of a construct tree: its elements and their HCL fragments. */
interface HclElement {
  toHclTerraform(): unknown;
}

/**
 * Runs `render` (a stack's toHclTerraform) with every string of its elements' HCL fragments already in
 * HCL quoted-string form (hclStringBody). cdktf's HCL renderer writes a string with a line break as a
 * heredoc, and leaves quotes unescaped in any string holding `${` (every escaped `$${` does) and
 * backslashes always: text could then close the string or the heredoc and add blocks. A string in
 * quoted form has no line break and no quote without its backslash, which the renderer writes between
 * quotes unchanged. The `terraform` block is left out: the stack writes that one itself
 * (hclTerraformBlock). The elements are as they were after the call.
 */
export function withHclSafeStrings<T>(elements: readonly HclElement[], render: () => T): T {
  const patched: HclElement[] = [];
  try {
    for (const element of elements) {
      const own = Object.getPrototypeOf(element) as HclElement;
      Object.defineProperty(element, 'toHclTerraform', { configurable: true, writable: true, value: () => hclSafeFragment(own.toHclTerraform.call(element)) });
      patched.push(element);
    }
    return render();
  } finally {
    for (const element of patched) delete (element as Partial<HclElement>).toHclTerraform;
  }
}

function hclSafeFragment(value: unknown, key?: string): unknown {
  if (key === '//' || key === 'terraform') return value;
  if (typeof value === 'string') return hclStringBody(value);
  if (Array.isArray(value)) return value.map((v) => hclSafeFragment(v));
  // Anything else (a token, a lazy value) resolves to cdktf's own references, never to scopes.yaml text.
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hclSafeFragment(v, k)]));
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A JSON value of the resolved `terraform` block as an HCL expression; strings quoted and escaped. */
function hclValue(value: unknown, indent: string): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => hclValue(v, indent)).join(', ')}]`;
  if (isPlainObject(value)) return `{\n${hclAttributes(value, `${indent}  `)}${indent}}`;
  throw new Error(`cannot write ${typeof value} in the terraform block`);
}

function hclKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

function hclAttributes(attrs: Record<string, unknown>, indent: string): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${indent}${hclKey(k)} = ${hclValue(v, indent)}\n`)
    .join('');
}

/**
 * The `terraform` block from the stack's resolved JSON (`toTerraform().terraform`), every string
 * quoted by hclString: required_providers, the backend or cloud block, then the plain attributes
 * (required_version), as cdktf orders them. Nested settings are written as cdktf writes them, `k = {…}`.
 */
export function hclTerraformBlock(tf: Record<string, unknown>): string {
  const parts: string[] = [];
  const { required_providers: providers, backend, cloud, ...rest } = tf;
  if (isPlainObject(providers)) parts.push(`  required_providers {\n${hclAttributes(providers, '    ')}  }\n`);
  if (isPlainObject(backend)) {
    for (const [type, settings] of Object.entries(backend)) {
      parts.push(`  backend ${hclString(type)} {\n${isPlainObject(settings) ? hclAttributes(settings, '    ') : ''}  }\n`);
    }
  }
  if (isPlainObject(cloud)) parts.push(`  cloud {\n${hclAttributes(cloud, '    ')}  }\n`);
  parts.push(hclAttributes(rest, '  '));
  return `terraform {\n${parts.join('')}}`;
}

/** The first top-level block after cdktf's `terraform` block: a line no setting of that block can produce. */
const NEXT_BLOCK = /^(?:(?:provider|data|resource|output|module|variable) "[^"\n]*"(?: "[^"\n]*")?|import|moved|locals|check) \{$/m;

/** cdktf's HCL with its `terraform` block (always first) replaced by `block`. */
export function replaceTerraformBlock(hcl: string, block: string): string {
  if (!hcl.startsWith('terraform {')) throw new Error('cdktf HCL output does not start with the terraform block');
  const next = NEXT_BLOCK.exec(hcl);
  return next ? `${block}\n\n${hcl.slice(next.index)}` : `${block}\n`;
}
