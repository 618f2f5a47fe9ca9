/**
 * The boundary where text from scopes.yaml becomes a Terraform string value. Every Terraform string,
 * in HCL (`cdk.tf`) and in JSON syntax (`cdk.tf.json`) alike, is a template: `${…}` is evaluated
 * (`${file("/etc/passwd")}`) and `%{…}` is a directive. Doubled, `$${` and `%%{`, they are literal
 * text, which is what Terraform reads back. CDKTF passes plain strings through unchanged (it treats
 * only its own `${TfToken[…]}` markers as tokens), so an escaped value stays escaped in its output.
 */

/** `text` as a Terraform string whose value is `text` itself: `${` → `$${`, `%{` → `%%{`. */
export function templateLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_m, sign: string) => `${sign}${sign}{`);
}

/** templateLiteral on every string inside `value` (a backend's settings: strings, lists, mappings). */
export function templateLiterals(value: unknown): unknown {
  if (typeof value === 'string') return templateLiteral(value);
  if (Array.isArray(value)) return value.map(templateLiterals);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templateLiterals(v)]));
  return value;
}

/**
 * Characters an HCL quoted string cannot hold as they are, or that would hide text or break a line
 * (the loader already refuses them in text that reaches Terraform; this is the second line).
 */
const HCL_UNSAFE = /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HCL_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The inside of an HCL quoted string for `text` (already a Terraform string, i.e. template-escaped):
 * backslash, quote, newline, carriage return and tab escaped as `\\`, `\"`, `\n`, `\r`, `\t`, any other
 * control character as `\uXXXX`. The result has no line break and every quote in it follows a backslash.
 */
export function hclStringBody(text: string): string {
  return text.replace(HCL_UNSAFE, (c) => HCL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` (a Terraform string) as a quoted HCL string. */
export function hclString(text: string): string {
  return `"${hclStringBody(text)}"`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
