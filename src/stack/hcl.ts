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
