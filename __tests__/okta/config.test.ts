import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOrgUrl, credentialsFromEnv, isLoopbackHost, resolveOrgUrl } from '../../src/sources/okta';
import { UserError } from '../../src/util/diagnostics';
import { errorOf } from '../support/user-error';

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();


describe('credentialsFromEnv', () => {
  test('an envPrefix reads only its own variables, and names them when none is set', () => {
    expect(credentialsFromEnv({ PROD_OKTA_API_TOKEN: 'p', OKTA_API_TOKEN: 'plain' }, tmpdir(), 'PROD_')).toEqual({ kind: 'apiToken', token: 'p' });
    const c = credentialsFromEnv({ DEV_OKTA_API_CLIENT_ID: '0oaD', DEV_OKTA_API_PRIVATE_KEY: rsaPem, DEV_OKTA_API_SCOPES: 'okta.apps.read' }, tmpdir(), 'DEV_');
    expect(c).toMatchObject({ kind: 'privateKey', clientId: '0oaD', scopes: ['okta.apps.read'] });
    const e = errorOf(() => credentialsFromEnv({ OKTA_API_TOKEN: 'plain-secret' }, tmpdir(), 'PROD_'));
    expect(e.message).toContain('no Okta credentials for envPrefix PROD_');
    expect(e.message).toContain('PROD_OKTA_API_TOKEN, or PROD_OKTA_API_CLIENT_ID + PROD_OKTA_API_PRIVATE_KEY');
    expect(e.message).not.toContain('plain-secret');
    expect(errorOf(() => credentialsFromEnv({ PROD_OKTA_API_CLIENT_ID: 'c' }, tmpdir(), 'PROD_')).message).toContain('PROD_OKTA_API_CLIENT_ID is set but PROD_OKTA_API_PRIVATE_KEY is not');
  });

  test('OKTA_API_TOKEN gives SSWS credentials; blank variables count as unset', () => {
    expect(credentialsFromEnv({ OKTA_API_TOKEN: ' 00abc ', OKTA_ACCESS_TOKEN: '  ' })).toEqual({ kind: 'apiToken', token: '00abc' });
  });

  test('an access token wins over an API token, as in the Terraform provider', () => {
    expect(credentialsFromEnv({ OKTA_API_TOKEN: 'a', OKTA_ACCESS_TOKEN: 'b' })).toEqual({ kind: 'accessToken', token: 'b' });
  });

  test('private key as PEM text, default scopes', () => {
    const c = credentialsFromEnv({ OKTA_API_CLIENT_ID: '0oaP', OKTA_API_PRIVATE_KEY: rsaPem, OKTA_API_PRIVATE_KEY_ID: 'kid' });
    expect(c).toEqual({ kind: 'privateKey', clientId: '0oaP', privateKey: rsaPem.trim(), keyId: 'kid', scopes: ['okta.apps.read', 'okta.appGrants.read'] });
  });

  test('PEM with literal \\n (a one-line CI secret) and comma-separated scopes', () => {
    const oneLine = rsaPem.trim().replace(/\n/g, '\\n');
    const c = credentialsFromEnv({ OKTA_API_CLIENT_ID: '0oaP', OKTA_API_PRIVATE_KEY: oneLine, OKTA_API_SCOPES: 'okta.apps.read, okta.appGrants.read' });
    expect(c.kind === 'privateKey' && c.privateKey).toBe(rsaPem.trim());
    expect(c.kind === 'privateKey' && c.scopes).toEqual(['okta.apps.read', 'okta.appGrants.read']);
  });

  test('private key as a file path, relative to cwd', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-scopes-key-'));
    writeFileSync(join(dir, 'okta.pem'), rsaPem);
    const c = credentialsFromEnv({ OKTA_API_CLIENT_ID: '0oaP', OKTA_API_PRIVATE_KEY: 'okta.pem' }, dir);
    expect(c.kind === 'privateKey' && c.privateKey).toBe(rsaPem.trim());
  });

  test('private key as JWK JSON (the SDK accepts it too)', () => {
    const jwk = JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }));
    const c = credentialsFromEnv({ OKTA_API_CLIENT_ID: '0oaP', OKTA_API_PRIVATE_KEY: jwk });
    expect(c.kind === 'privateKey' && c.privateKey).toBe(jwk);
  });

  test('an unreadable key path is an error that does not echo the value', () => {
    const value = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-not-a-path';
    const e = errorOf(() => credentialsFromEnv({ OKTA_API_CLIENT_ID: '0oaP', OKTA_API_PRIVATE_KEY: value }, tmpdir()));
    expect(e.message).toContain('neither PEM text');
    expect(e.message).toContain('ENOENT');
    expect(e.message).not.toContain(value);
  });

  test('a PEM that is not a key, and a non-RSA key, are refused up front', () => {
    const broken = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    expect(errorOf(() => credentialsFromEnv({ OKTA_API_CLIENT_ID: 'c', OKTA_API_PRIVATE_KEY: broken })).message).toContain('does not hold a valid private key');
    const e = errorOf(() => credentialsFromEnv({ OKTA_API_CLIENT_ID: 'c', OKTA_API_PRIVATE_KEY: ecPem }));
    expect(e.message).toContain('OKTA_API_PRIVATE_KEY is not an RSA key (key type: ec)');
    expect(e.message).not.toContain(ecPem.split('\n')[1]);
  });

  test('nothing set: names every variable', () => {
    const e = errorOf(() => credentialsFromEnv({}));
    expect(e.diagnostics[0].code).toBe('okta-credentials');
    for (const v of ['OKTA_API_TOKEN', 'OKTA_API_CLIENT_ID', 'OKTA_API_PRIVATE_KEY', 'OKTA_API_PRIVATE_KEY_ID', 'OKTA_API_SCOPES', 'OKTA_ACCESS_TOKEN']) {
      expect(e.message).toContain(v);
    }
  });

  test('half a private-key setup says which half is missing', () => {
    expect(errorOf(() => credentialsFromEnv({ OKTA_API_CLIENT_ID: 'c' })).message).toContain('OKTA_API_CLIENT_ID is set but OKTA_API_PRIVATE_KEY is not');
    expect(errorOf(() => credentialsFromEnv({ OKTA_API_PRIVATE_KEY: rsaPem })).message).toContain('OKTA_API_PRIVATE_KEY is set but OKTA_API_CLIENT_ID is not');
  });
});

describe('org URL', () => {
  test('a domain becomes https://<domain>', () => {
    expect(resolveOrgUrl('Acme.okta.com')).toBe('https://acme.okta.com');
    expect(() => resolveOrgUrl('https://acme.okta.com')).toThrow(UserError);
    expect(() => resolveOrgUrl('acme')).toThrow(UserError);
  });

  test('an override: https anywhere, http only on loopback, trailing slash stripped', () => {
    expect(resolveOrgUrl('acme.okta.com', 'https://acme.okta.com/')).toBe('https://acme.okta.com');
    expect(checkOrgUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(checkOrgUrl('http://127.10.0.3:1')).toBe('http://127.10.0.3:1');
    expect(checkOrgUrl('http://localhost:3000')).toBe('http://localhost:3000');
    expect(checkOrgUrl('http://[::1]:3000/')).toBe('http://[::1]:3000');
    expect(errorOf(() => checkOrgUrl('http://acme.okta.com')).message).toContain('must use https');
    expect(() => checkOrgUrl('http://128.0.0.1')).toThrow(UserError);
    expect(() => checkOrgUrl('http://localhost.evil.com')).toThrow(UserError);
    expect(() => checkOrgUrl('https://user:pw@acme.okta.com')).toThrow(UserError);
    expect(() => checkOrgUrl('not a url')).toThrow(UserError);
  });

  test('isLoopbackHost', () => {
    expect(['127.0.0.1', '127.255.255.254', 'localhost', 'LOCALHOST', '[::1]', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', '::2', 'localhost.evil.com', '1127.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});
