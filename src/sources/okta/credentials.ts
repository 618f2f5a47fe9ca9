import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../../util/diagnostics';

export const DEFAULT_API_SCOPES = ['okta.apps.read', 'okta.appGrants.read'];

/** How wf-scopes signs in to the Okta management API (the same env vars as the Terraform provider). */
export type OktaCredentials =
  | { kind: 'apiToken'; token: string }
  | { kind: 'accessToken'; token: string }
  | { kind: 'privateKey'; clientId: string; privateKey: string; keyId?: string; scopes: string[] };

/** The variable names a prefix (an org's `envPrefix`, e.g. `PROD_`) selects; `''` gives the plain ones. */
export function credentialVars(prefix = ''): Record<'accessToken' | 'apiToken' | 'clientId' | 'privateKey' | 'keyId' | 'scopes', string> {
  return {
    accessToken: `${prefix}OKTA_ACCESS_TOKEN`,
    apiToken: `${prefix}OKTA_API_TOKEN`,
    clientId: `${prefix}OKTA_API_CLIENT_ID`,
    privateKey: `${prefix}OKTA_API_PRIVATE_KEY`,
    keyId: `${prefix}OKTA_API_PRIVATE_KEY_ID`,
    scopes: `${prefix}OKTA_API_SCOPES`,
  };
}

function allVars(prefix: string): string {
  const v = credentialVars(prefix);
  return `${v.apiToken}, or ${v.clientId} + ${v.privateKey} (+ ${v.keyId}, ${v.scopes}), or ${v.accessToken}`;
}

function credError(message: string, hint?: string): UserError {
  return new UserError({ severity: 'error', code: 'okta-credentials', message, hint });
}

/** Empty values count as unset: CI systems often export blank secrets. */
function get(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/**
 * A token, client id or key id goes into an HTTP header: it is printable ASCII without spaces. A line
 * break pasted into a secret would otherwise fail inside the HTTP client and read as a network error.
 * Says what kind of character and where, never the value.
 */
function headerSafe(value: string, name: string): string {
  const v = value.trim();
  const i = v.search(/[^\x21-\x7e]/);
  if (i < 0) return v;
  const c = v.charCodeAt(i);
  const what = c === 0x0a || c === 0x0d ? 'a line break' : c === 0x20 || c === 0x09 ? 'a space' : c < 0x20 || c === 0x7f ? 'a control character' : 'a non-ASCII character';
  throw credError(`${name} holds ${what} (character ${i + 1} of ${v.length}): it cannot be sent in an HTTP header`, `set ${name} to the value alone, on one line (check how the secret was pasted or exported)`);
}

/**
 * Reads credentials from the environment. Precedence follows the Terraform provider: an access token,
 * then an API token, then a private key. `prefix` (an org's `envPrefix`) is put before every
 * variable name: `PROD_` reads `PROD_OKTA_API_TOKEN`, … . Never puts a secret value into an error message.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv, cwd: string = process.cwd(), prefix = ''): OktaCredentials {
  const v = credentialVars(prefix);
  const accessToken = get(env, v.accessToken);
  if (accessToken) return { kind: 'accessToken', token: headerSafe(accessToken, v.accessToken) };
  const apiToken = get(env, v.apiToken);
  if (apiToken) return { kind: 'apiToken', token: headerSafe(apiToken, v.apiToken) };

  const clientId = get(env, v.clientId);
  const keyValue = get(env, v.privateKey);
  if (!clientId && !keyValue) {
    throw credError(
      prefix === '' ? 'no Okta credentials in the environment' : `no Okta credentials for envPrefix ${prefix}: none of its variables is set`,
      `set ${allVars(prefix)}`,
    );
  }
  if (!clientId) throw credError(`${v.privateKey} is set but ${v.clientId} is not`, `set ${allVars(prefix)}`);
  if (!keyValue) throw credError(`${v.clientId} is set but ${v.privateKey} is not`, `set ${allVars(prefix)}`);

  const keyId = get(env, v.keyId);
  const scopesText = get(env, v.scopes);
  const scopes = scopesText ? scopesText.split(/[\s,]+/).filter(Boolean) : DEFAULT_API_SCOPES.slice();
  return {
    kind: 'privateKey',
    clientId: headerSafe(clientId, v.clientId),
    privateKey: loadPrivateKey(keyValue, cwd, v.privateKey),
    keyId: keyId === undefined ? undefined : headerSafe(keyId, v.keyId),
    scopes,
  };
}

/** Accepts PEM text (also with literal `\n`, as CI secrets often hold it), JWK JSON, or a file path. */
function loadPrivateKey(value: string, cwd: string, name: string): string {
  let text = value.trim();
  if (!text.startsWith('-----BEGIN') && !text.startsWith('{')) {
    const path = isAbsolute(text) ? text : resolve(cwd, text);
    try {
      text = readFileSync(path, 'utf8').trim();
    } catch (e) {
      // The value may be a mangled key rather than a path: do not echo it.
      const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      throw credError(
        `${name} is neither PEM text (-----BEGIN …) nor a readable key file (${code})`,
        `put the PEM key itself, or the path of a PEM file, in ${name}`,
      );
    }
  }
  if (text.startsWith('-----BEGIN') && !text.includes('\n') && text.includes('\\n')) text = text.replace(/\\n/g, '\n');
  let type: string | undefined;
  try {
    const key = text.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(text);
    type = key.asymmetricKeyType;
  } catch {
    throw credError(`${name} does not hold a valid private key (PEM or JWK)`);
  }
  // @okta/okta-sdk-nodejs 8.1.0 signs its DPoP proof with RS256 whatever the key: other keys fail.
  if (type !== 'rsa') {
    throw credError(
      `${name} is not an RSA key (key type: ${type ?? 'unknown'})`,
      'the Okta Node SDK signs its proofs with RS256 only: register an RSA key with the service app',
    );
  }
  return text;
}

/** Secret strings to scrub from any message as a last line of defence. */
export function secretsOf(c: OktaCredentials): string[] {
  if (c.kind !== 'privateKey') return [c.token];
  const parts = c.privateKey.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----'));
  if (c.privateKey.startsWith('{')) {
    // A JWK: its long members (d, p, q, …) are the secret parts.
    try {
      const jwk: unknown = JSON.parse(c.privateKey);
      if (typeof jwk === 'object' && jwk !== null) for (const v of Object.values(jwk)) if (typeof v === 'string' && v.length >= 16) parts.push(v);
    } catch {
      // Validated when read; nothing more to add.
    }
  }
  return [c.privateKey, ...parts];
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
