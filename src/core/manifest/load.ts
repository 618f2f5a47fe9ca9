import * as nodePath from 'node:path';

import type { Catalog, CatalogCard, ConnectorKey, EndpointMatch } from '../catalog/types';
import { compareDiagnostics, type Diagnostic, type SourceLoc } from '../../util/diagnostics';
import { closest } from '../../util/suggest';
import { cleanForeign, firstUnsafeChar, quoteForeign, redactHostUserinfo } from '../../util/redact-url';
import { readBoundedSync } from '../../util/bounded-read';
import { limit, LIMIT_ENV } from '../../util/limits';
import { yamlTooComplex } from '../../util/nesting';
import { DocumentLocator, fastParse, formatPath, type Locator, type PathSeg } from '../../util/yaml-locator';
import { globMatch, hasWildcard, isValidGlob } from '../risk/glob';
import { validateSchema } from './schema';
import {
  BACKEND_TYPES,
  DEFAULT_APP_LABEL,
  DEFAULT_PROVIDER_VERSION,
  DEFAULT_REQUIRED_VERSION,
  type BackendDecl,
  type BackendType,
  type CardUse,
  type CustomCardDecl,
  type ExtraScopeDecl,
  type FlowDecl,
  type Manifest,
  type OrgDecl,
  type PolicyDecl,
  type PolicyRule,
  type Suppression,
  type TerraformSettings,
} from './types';

export { DEFAULT_PROVIDER_VERSION, DEFAULT_REQUIRED_VERSION };

/** Backend settings that carry credentials: they belong in the environment, never in Terraform files. */
const SECRET_BACKEND_KEYS = /^(access_key|secret_key|token|session_token|sas_token|client_secret|client_certificate_password|credentials|password|access_token|secret_id|secret_access_key|encryption_key|conn_str)$/i;

/** The opt-out for backend file paths outside the project; read here, never passed to Terraform. */
export const ALLOW_OUTSIDE_KEY = 'allowPathsOutsideProject';

/** A Terraform argument name. */
const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Backend settings that name a local file or folder, which Terraform reads or writes. */
function isPathSetting(type: string, key: string): boolean {
  return (type === 'local' && (key === 'path' || key === 'workspace_dir')) || /(_file|_files|_path|_dir)$/.test(key);
}

export interface ParseOptions {
  /**
   * Read an older declaration (a review base) as it was accepted then: conditions that are errors
   * today because an apply would revoke a grant (an undeclared org name, an org with no scope) are
   * warnings instead, so that the change fixing them can still be reviewed.
   */
  lenient?: boolean;
  /** The folder a relative `file` is read from and its backend paths are judged against (the command's). */
  cwd?: string;
}

/** `manifest` is present only when there is no error; warnings may accompany it. */
export interface LoadResult {
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_SYNTAX_ERRORS = 10;
const RISK_LEVELS = ['high', 'medium', 'low'];

/**
 * Reads and validates a scopes.yaml file. A file that cannot be read is one error naming it: only a
 * regular file is read (a FIFO or /dev/zero would hang the reader), up to WF_SCOPES_MAX_INPUT_BYTES.
 */
export function loadManifestFile(file: string, catalog: Catalog, opts: ParseOptions = {}): LoadResult {
  // A relative `file` is read from opts.cwd (the command's folder) and named as given in every message.
  const read = readBoundedSync(opts.cwd === undefined ? file : nodePath.resolve(opts.cwd, file), { cap: 'maxYaml' });
  if (!read.ok) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'unreadable',
          flag: '--config',
          message: `cannot read ${file}: ${read.reason}`,
          hint: read.code === 'too-large' ? `is ${file} a scopes.yaml? If so, raise ${LIMIT_ENV.maxYaml}` : 'pass the declaration with --config FILE (default: scopes.yaml in the current folder)',
        },
      ],
    };
  }
  return parseManifest(read.text, file, catalog, opts);
}

/** Merge keys a scopes.yaml may use: each copies a mapping's keys, so thousands cost quadratic time. */
const MAX_MERGE_KEYS = 100;

/** Nesting and merge-key caps, checked on the text before any YAML parser runs. */
function complexityError(text: string, file: string): Diagnostic | undefined {
  // Text that did not come from a bounded read (a git base) is held to the same cap.
  const maxYaml = limit('maxYaml');
  if (text.length > maxYaml) {
    return { severity: 'error', code: 'too-large', loc: { file, line: 1, column: 1 }, message: `too large: more than ${maxYaml} bytes (${LIMIT_ENV.maxYaml})`, hint: 'a scopes.yaml of thousands of flows is a few MB' };
  }
  const maxDepth = limit('maxDepth');
  const bad = yamlTooComplex(text, { maxDepth, maxMergeKeys: MAX_MERGE_KEYS });
  if (!bad) return undefined;
  const loc = { file, line: bad.line, column: bad.column };
  return bad.what === 'depth'
    ? { severity: 'error', code: 'too-deep', loc, message: `nested deeper than ${maxDepth} levels (${LIMIT_ENV.maxDepth})`, hint: 'a scopes.yaml nests a few levels; is this file what you meant?' }
    : { severity: 'error', code: 'too-many-merge-keys', loc, message: `more than ${MAX_MERGE_KEYS} YAML merge keys (<<)`, hint: 'write the entries out, or use fewer merges' };
}

/** Parses and validates scopes.yaml text: YAML syntax, the JSON Schema, then names against the catalog. */
export function parseManifest(text: string, file: string, catalog: Catalog, opts: ParseOptions = {}): LoadResult {
  const tooComplex = complexityError(text, file);
  if (tooComplex) return { diagnostics: [tooComplex] };
  const slow = () => slowParse(text, file);
  // Fast path: js-yaml with node positions. On anything it rejects, the `yaml` library reports it.
  const fast = fastParse(text, file, () => slow().at);
  let data: unknown;
  let at: Locator;
  if (fast) {
    data = fast.data;
    at = fast.locator;
  } else {
    const parsed = slow();
    if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
    data = parsed.data;
    at = parsed.at;
  }
  const diagnostics: Diagnostic[] = [];
  if (data === null || data === undefined) {
    return {
      diagnostics: [
        { severity: 'error', code: 'empty', loc: at.loc([]), message: `${file} is empty`, hint: 'start with `version: 1` and an `orgs:` list' },
      ],
    };
  }
  const schema = validateSchema(data, at);
  diagnostics.push(...schema.diagnostics);
  const builder = new ManifestBuilder(file, at, catalog, diagnostics, schema.failedPaths, opts.lenient === true, opts.cwd);
  const manifest = builder.build(data);
  diagnostics.sort(compareDiagnostics);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed ? { diagnostics } : { manifest, diagnostics };
}

/** The `yaml` library's parse: slower, but with the best syntax errors and exact node ranges. */
function slowParse(text: string, file: string): { data: unknown; at: DocumentLocator; diagnostics: Diagnostic[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = new DocumentLocator(file, doc, lines);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    severity: 'error' as const,
    code: 'yaml-syntax',
    loc: at.at(e.pos[0]),
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
    hint: e.code === 'DUPLICATE_KEY' ? 'each key may appear once per mapping' : 'fix the YAML syntax (indentation, quotes, `key: value`)',
  }));
  if (diagnostics.length) {
    diagnostics.sort(compareDiagnostics);
    // A file that is not YAML at all yields an error per line: the first few say enough.
    if (diagnostics.length > MAX_SYNTAX_ERRORS) {
      const more = diagnostics.length - MAX_SYNTAX_ERRORS;
      diagnostics.splice(MAX_SYNTAX_ERRORS, more, {
        severity: 'error',
        code: 'yaml-syntax',
        loc: diagnostics[MAX_SYNTAX_ERRORS].loc,
        message: `… and ${more} more YAML syntax errors`,
        hint: `is ${file} a scopes.yaml? It should start with \`version: 1\``,
      });
    }
    return { data: undefined, at, diagnostics };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 1000 }), at, diagnostics };
  } catch (err) {
    return { data: undefined, at, diagnostics: [{ severity: 'error', code: 'yaml-syntax', loc: at.loc([]), message: `YAML: ${(err as Error).message}` }] };
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

/** `{org}` in a backend setting (a state key, a prefix, a workspace name) becomes the org name. */
function substituteOrg(value: unknown, org: string): unknown {
  if (typeof value === 'string') return value.split('{org}').join(org);
  if (Array.isArray(value)) return value.map((v) => substituteOrg(v, org));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteOrg(v, org)]));
  return value;
}

/**
 * The semantic pass. It runs even when the schema pass found errors, reading defensively, so that one
 * run reports every problem of the file.
 */
class ManifestBuilder {
  private readonly custom = new Map<string, CustomCardDecl>();
  private orgNames: string[] = [];

  constructor(
    private readonly file: string,
    private readonly at: Locator,
    private readonly catalog: Catalog,
    private readonly out: Diagnostic[],
    /** Paths the schema pass already reported; the semantic pass does not repeat itself there. */
    private readonly failed: Set<string>,
    private readonly lenient: boolean,
    private readonly cwd: string | undefined,
  ) {}

  private schemaFailedWithin(path: readonly PathSeg[]): boolean {
    if (this.failed.size === 0) return false;
    const p = formatPath(path);
    for (const f of this.failed) if (f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`)) return true;
    return false;
  }

  private error(code: string, path: readonly PathSeg[], message: string, hint?: string, loc?: SourceLoc): void {
    this.out.push({ severity: 'error', code, loc: loc ?? this.at.loc(path), message, hint });
  }
  private warn(code: string, path: readonly PathSeg[], message: string, hint?: string): void {
    this.out.push({ severity: 'warning', code, loc: this.at.loc(path), message, hint });
  }
  /** A condition after which an apply would revoke a grant the author meant to keep: fail closed. */
  private unsafe(code: string, path: readonly PathSeg[], message: string, hint?: string): void {
    if (this.lenient) this.warn(code, path, message, hint);
    else this.error(code, path, message, hint);
  }

  build(data: unknown): Manifest {
    const root = isObj(data) ? data : {};
    const orgs = this.orgs(list(root.orgs), isObj(root.terraform) ? root.terraform : {});
    const customCards = this.customCards(list(root.customCards));
    const flows = list(root.flows).flatMap((f, i) => this.flow(f, ['flows', i]));
    this.duplicateFlows(flows);
    const extraScopes = list(root.extraScopes).flatMap((e, i) => this.extraScope(e, ['extraScopes', i]));
    const policy = isObj(root.policy) ? this.policy(root.policy) : undefined;
    return { file: this.file, version: 1, orgs, flows, extraScopes, customCards, ...(policy ? { policy } : {}) };
  }

  private orgs(items: unknown[], defaults: Obj): OrgDecl[] {
    const out: OrgDecl[] = [];
    const seen = new Map<string, SourceLoc>();
    const apps = new Map<string, string>();
    const states = new Map<string, string>();
    const prefixes = new Map<string, string>();
    items.forEach((o, i) => {
      const path = ['orgs', i];
      if (!isObj(o)) return;
      const name = str(o.name);
      const domain = str(o.domain);
      if (name !== undefined) {
        const first = seen.get(name.toLowerCase());
        if (first) {
          this.error('duplicate-org', [...path, 'name'], `duplicate org name \`${name}\` (first declared at line ${first.line})`, 'org names become Terraform stack names and must be unique');
        } else seen.set(name.toLowerCase(), this.at.loc([...path, 'name']));
      }
      if (domain !== undefined) this.checkDomain(domain, [...path, 'domain']);
      const app = isObj(o.app) ? o.app : {};
      if (name && domain) {
        const clean = domain.trim().toLowerCase();
        const decl: OrgDecl = {
          name,
          domain: clean,
          issuer: `https://${clean}`,
          app: { label: str(app.label) ?? DEFAULT_APP_LABEL, ...(str(app.id) ? { id: str(app.id) } : {}), ...(app.import === false ? { import: false } : {}) },
          ...(str(o.envPrefix) ? { envPrefix: str(o.envPrefix) } : {}),
          credentialsLoc: this.at.loc([...path, str(o.envPrefix) ? 'envPrefix' : 'name']),
          ...(isObj(o.allowEmpty) && str(o.allowEmpty.reason)?.trim() ? { allowEmpty: { reason: (str(o.allowEmpty.reason) as string).trim() } } : {}),
          terraform: this.terraformSettings(defaults, isObj(o.terraform) ? o.terraform : {}, name, path),
          loc: this.at.loc(path),
        };
        // Two stacks granting to one app: each apply revokes what only the other lists.
        const appKey = `${clean}\u0000${decl.app.id ?? `label:${decl.app.label}`}`;
        const twin = apps.get(appKey);
        if (twin !== undefined) {
          this.unsafe(
            'duplicate-app',
            [...path, 'name'],
            `org \`${name}\` grants to the same app as org \`${twin}\` (${clean}, ${decl.app.id ? `app ${decl.app.id}` : `app labelled "${decl.app.label}"`}): each stack's apply would revoke the scopes only the other lists`,
            'declare each org once, with its flows limited by `orgs:`',
          );
        } else apps.set(appKey, name);
        // Two stacks in one state: each apply would destroy the other's grants resource.
        const backend = decl.terraform.backend;
        if (backend) {
          const stateKey = JSON.stringify([backend.type, backend.config]);
          const other = states.get(stateKey);
          if (other !== undefined) {
            this.unsafe(
              'shared-state',
              ['terraform', 'backend'],
              `orgs \`${other}\` and \`${name}\` would share one Terraform state (${backend.type} backend, same settings): each apply would revoke the other org's grants`,
              'put `{org}` in the state key or path, e.g. `key: wf-scopes/{org}.tfstate`',
            );
          } else states.set(stateKey, name);
        }
        // One prefix, one set of variables: diff would send one org's token to the other's server.
        if (decl.envPrefix !== undefined) {
          const other = prefixes.get(decl.envPrefix);
          if (other !== undefined) {
            this.unsafe(
              'duplicate-env-prefix',
              [...path, 'envPrefix'],
              `orgs \`${other}\` and \`${name}\` share envPrefix ${decl.envPrefix}: both would read ${decl.envPrefix}OKTA_API_TOKEN, ${decl.envPrefix}OKTA_API_CLIENT_ID, … and diff would send one org's credentials to the other org`,
              `give each org its own envPrefix, e.g. envPrefix: ${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`,
            );
          } else prefixes.set(decl.envPrefix, name);
        }
        out.push(decl);
      }
    });
    this.orgNames = out.map((o) => o.name);
    return out;
  }

  /** Top-level `terraform:` with the org's own keys on top; `{org}` in backend settings becomes the org name. */
  private terraformSettings(top: Obj, own: Obj, org: string, orgPath: PathSeg[]): TerraformSettings {
    const pick = (key: string): { value: unknown; path: PathSeg[] } =>
      key in own ? { value: own[key], path: [...orgPath, 'terraform', key] } : { value: top[key], path: ['terraform', key] };
    const requiredVersion = str(pick('requiredVersion').value)?.trim() || DEFAULT_REQUIRED_VERSION;
    const providerVersion = str(pick('providerVersion').value)?.trim() || DEFAULT_PROVIDER_VERSION;
    const backendAt = pick('backend');
    const preventDestroy = pick('preventDestroy').value !== false;
    const backend = isObj(backendAt.value) ? this.backend(backendAt.value, org, backendAt.path) : undefined;
    return { requiredVersion, providerVersion, ...(backend ? { backend } : {}), preventDestroy };
  }

  private backend(raw: Obj, org: string, path: PathSeg[]): BackendDecl | undefined {
    const type = str(raw.type);
    if (!type || !(BACKEND_TYPES as readonly string[]).includes(type)) return undefined; // the schema pass reported it
    const config: Record<string, unknown> = {};
    const outsideAllowed = raw[ALLOW_OUTSIDE_KEY] === true;
    let bad = false;
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'type' || key === ALLOW_OUTSIDE_KEY) continue;
      if (SECRET_BACKEND_KEYS.test(key)) {
        bad = true;
        this.error('backend-secret', [...path, key], `backend setting \`${key}\` is a credential: it would be written into every synthesized stack`, `remove it and set the backend's environment variable instead (e.g. AWS_SECRET_ACCESS_KEY, ARM_ACCESS_KEY, GOOGLE_CREDENTIALS, TF_TOKEN_app_terraform_io)`);
        continue;
      }
      const setting = substituteOrg(value, org);
      if (!this.backendValueOk({ [key]: setting }, path)) bad = true;
      else if (isPathSetting(type, key) && !outsideAllowed && !this.backendPathOk(setting, org, [...path, key])) bad = true;
      config[key] = setting;
    }
    return bad ? undefined : { type: type as BackendType, config, loc: this.at.loc(path) };
  }

  /** Setting names are Terraform argument names, and no text holds a control character or line break. */
  private backendValueOk(value: unknown, path: PathSeg[]): boolean {
    if (typeof value === 'string') {
      const bad = firstUnsafeChar(value);
      if (bad === undefined) return true;
      this.error('backend-text', path, `backend setting ${formatPath(path)} holds a control character or line break (${bad})`, 'write the value on one line, without control characters');
      return false;
    }
    if (Array.isArray(value)) return value.map((v, i) => this.backendValueOk(v, [...path, i])).every(Boolean);
    if (!isObj(value)) return true;
    let ok = true;
    for (const [k, v] of Object.entries(value)) {
      if (!TERRAFORM_NAME.test(k)) {
        this.error('backend-key', [...path, k], `backend setting name ${quoteForeign(k, 60)} is not a Terraform argument name`, 'use the name as the backend documents it: letters, digits, `_` and `-`, starting with a letter or `_`', this.at.keyLoc(path, k));
        ok = false;
      } else if (!this.backendValueOk(v, [...path, k])) ok = false;
    }
    return ok;
  }

  /**
   * A local file path Terraform reads or writes must stay inside the project: the folder of scopes.yaml,
   * with relative paths taken from where Terraform runs (cdktf.out/stacks/<org>, as the default state
   * path `../../../terraform.<org>.tfstate` is).
   */
  private backendPathOk(value: unknown, org: string, path: PathSeg[]): boolean {
    if (Array.isArray(value)) return value.map((v, i) => this.backendPathOk(v, org, [...path, i])).every(Boolean);
    if (typeof value !== 'string') return true;
    const project = nodePath.resolve(this.cwd ?? '', nodePath.dirname(this.file));
    const resolved = nodePath.resolve(project, 'cdktf.out', 'stacks', org, value);
    const inside = !value.startsWith('~') && (resolved === project || resolved.startsWith(`${project}${nodePath.sep}`));
    if (inside) return true;
    this.error(
      'backend-path-outside',
      path,
      `backend setting ${formatPath(path)} (${quoteForeign(value, 80)}) leads outside the project folder: Terraform runs in cdktf.out/stacks/${org}, so the path resolves to ${quoteForeign(resolved, 120)}`,
      `keep it inside the project, e.g. \`../../../terraform.{org}.tfstate\`, or set \`${ALLOW_OUTSIDE_KEY}: true\` in the backend if the file must live elsewhere`,
    );
    return false;
  }

  /**
   * A host name: letters, digits, hyphens and dots. No scheme, userinfo, port, path or whitespace; a
   * password written into it (`admin:pw@acme.okta.com`) is never echoed.
   */
  private checkDomain(domain: string, path: PathSeg[]): void {
    const d = domain.trim();
    const shown = quoteForeign(redactHostUserinfo(domain));
    if (/^[a-z]+:\/\//i.test(d)) {
      // Userinfo (a password) is dropped from the suggestion and redacted from the message.
      const host = d.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '').replace(/^.*@/, '');
      this.error('bad-domain', path, `domain must be a host name, not a URL: ${shown}`, `write \`domain: ${cleanForeign(host)}\` (the issuer becomes https://${cleanForeign(host)})`);
      return;
    }
    const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
    if (!new RegExp(`^${label}(?:\\.${label}){2,}$`, 'i').test(d)) {
      const host = d.includes('@') ? d.replace(/^.*@/, '') : '';
      this.error(
        'bad-domain',
        path,
        `${shown} is not an Okta org domain${d.includes('@') ? ' (it holds userinfo: a user name or password before `@`)' : ''}`,
        host ? `write \`domain: ${cleanForeign(host)}\`; credentials never go in scopes.yaml` : 'expected `<org>.okta.com`, `<org>.oktapreview.com` or `<org>.okta-emea.com`: letters, digits, `-` and `.`',
      );
      return;
    }
    const sub = d.split('.')[0];
    if (/-admin$/i.test(sub)) {
      const fixed = d.replace(/-admin\./i, '.');
      this.error('bad-domain', path, `"${d}" is the Admin Console domain, not the org domain`, `write \`domain: ${fixed}\``);
    }
  }

  private customCards(items: unknown[]): CustomCardDecl[] {
    const out: CustomCardDecl[] = [];
    items.forEach((c, i) => {
      const path: PathSeg[] = ['customCards', i];
      if (!isObj(c)) return;
      const name = str(c.name);
      if (!name) return;
      const slash = name.indexOf('/');
      const connector = slash > 0 ? this.catalog.connector(name.slice(0, slash)) : undefined;
      if (!connector) {
        this.unknownConnector(name, [...path, 'name']);
        return;
      }
      const cardName = name.slice(slash + 1).trim();
      const known = this.catalog.findCard(name);
      if (known.ok) {
        this.error('custom-shadows-catalog', [...path, 'name'], `\`${name}\` is already in the built-in catalog as \`${this.catalog.refOf(known.card)}\``, 'remove it from customCards; the catalog entry is used');
        return;
      }
      const scopes = list(c.scopes).filter((s): s is string => typeof s === 'string');
      scopes.forEach((s, j) => this.checkScope(s, [...path, 'scopes', j]));
      const decl: CustomCardDecl = {
        connector: connector.key,
        name: cardName,
        ...(str(c.key) ? { key: str(c.key) } : {}),
        kind: c.kind === 'event' ? 'event' : 'action',
        scopes: [...new Set(scopes)].sort(),
        ...(str(c.source) ? { source: str(c.source) } : {}),
        loc: this.at.loc(path),
      };
      const k = norm(`${connector.key}/${cardName}`);
      if (this.custom.has(k)) this.error('duplicate-custom-card', [...path, 'name'], `custom card \`${name}\` is declared twice`);
      this.custom.set(k, decl);
      if (decl.key) this.custom.set(norm(`${connector.key}/${decl.key}`), decl);
      out.push(decl);
    });
    return out;
  }

  private unknownConnector(ref: string, path: PathSeg[]): void {
    const slash = ref.indexOf('/');
    const conn = slash > 0 ? ref.slice(0, slash).trim() : ref;
    const names = this.catalog.connectors.map((c) => c.name);
    const guess = closest(conn, names, 1);
    this.error(
      'unknown-connector',
      path,
      slash > 0 ? `unknown connector \`${conn}\` in \`${ref}\`` : `\`${ref}\` does not name a connector; expected \`Connector/Card Name\``,
      guess.length && slash > 0 ? `did you mean \`${guess[0]}/${ref.slice(slash + 1).trim()}\`? Known connectors: ${names.join(', ')}` : `known connectors: ${names.join(', ')}; e.g. \`Okta/Read User\``,
    );
  }

  /** Looks a card reference up in the catalog, then in customCards. */
  private readonly endpoints = new Map<string, EndpointMatch | null>();

  /** A large declaration names the same few dozen cards thousands of times: look each name up once. */
  private readonly looked = new Map<string, ReturnType<ManifestBuilder['lookupUncached']>>();

  private lookup(ref: string): ReturnType<ManifestBuilder['lookupUncached']> {
    let hit = this.looked.get(ref);
    if (!hit) this.looked.set(ref, (hit = this.lookupUncached(ref)));
    return hit;
  }

  private lookupUncached(ref: string): { card: CatalogCard } | { custom: CustomCardDecl } | { unknown: 'connector' | 'card'; connector?: ConnectorKey } {
    const found = this.catalog.findCard(ref);
    if (found.ok) return { card: found.card };
    const slash = ref.indexOf('/');
    const connector = slash > 0 ? this.catalog.connector(ref.slice(0, slash)) : undefined;
    if (connector) {
      const custom = this.custom.get(norm(`${connector.key}/${ref.slice(slash + 1)}`));
      if (custom) return { custom };
      return { unknown: 'card', connector: connector.key };
    }
    return { unknown: 'connector' };
  }

  private unknownCard(ref: string, path: PathSeg[], what = 'card'): void {
    const fromCatalog = this.catalog.suggestCards(ref, 3);
    const customRefs = [...new Set(this.custom.values())].map((c) => `${this.catalog.connector(c.connector)?.name}/${c.name}`);
    const guesses = [...new Set([...closest(ref, customRefs, 1), ...fromCatalog])].slice(0, 3);
    this.error(
      'unknown-card',
      path,
      `unknown ${what} \`${ref}\``,
      guesses.length
        ? `did you mean ${guesses.map((g) => `\`${g}\``).join(' or ')}? A card Okta added recently can be declared under customCards`
        : 'check the card name in the Workflows console, or declare it under customCards with its scopes',
    );
  }

  private flow(f: unknown, path: PathSeg[]): FlowDecl[] {
    if (!isObj(f)) return [];
    const name = str(f.name);
    const orgs = Array.isArray(f.orgs) ? f.orgs.filter((o): o is string => typeof o === 'string') : undefined;
    orgs?.forEach((o, j) => this.checkOrgRef(o, [...path, 'orgs', j], `flow \`${name ?? '?'}\``));
    const trigger = typeof f.trigger === 'string' ? this.trigger(f.trigger, [...path, 'trigger']) : undefined;
    const cards = list(f.cards).flatMap((c, j) => this.cardEntry(c, [...path, 'cards', j]));
    if (!name) return [];
    if (!trigger && cards.length === 0) this.warn('empty-flow', path, `flow \`${name}\` declares no trigger and no cards, so it needs no scope`);
    return [
      {
        name,
        ...(str(f.folder) ? { folder: str(f.folder) } : {}),
        ...(orgs ? { orgs } : {}),
        ...(trigger ? { trigger } : {}),
        cards,
        ...(str(f.reason) ? { reason: str(f.reason) } : {}),
        loc: this.at.loc(path),
      },
    ];
  }

  /**
   * An org name that is not declared: the entry's scopes would silently go missing from the org meant,
   * and its next apply would revoke them.
   */
  private checkOrgRef(name: string, path: PathSeg[], owner: string): void {
    if (this.orgNames.includes(name)) return;
    const guess = closest(name, this.orgNames, 1);
    this.unsafe(
      'unknown-org',
      path,
      `${owner} names org \`${name}\`, which is not declared under orgs: its scopes would be left out of the org meant, and an apply there would revoke them`,
      guess.length ? `did you mean \`${guess[0]}\`? Declared orgs: ${this.orgNames.join(', ')}` : `declared orgs: ${this.orgNames.join(', ') || '(none)'}`,
    );
  }

  private trigger(ref: string, path: PathSeg[]): CardUse | undefined {
    const loc = this.at.loc(path);
    const hit = this.lookup(ref);
    if ('card' in hit) {
      if (hit.card.kind !== 'event') {
        this.error('not-an-event', path, `trigger \`${ref}\` is an action card, not an event card`, 'move it to `cards:`; a trigger is the event that starts the flow, e.g. `Okta/User Suspended`');
        return undefined;
      }
      return { origin: 'catalog', ref, card: hit.card, loc };
    }
    if ('custom' in hit) {
      if (hit.custom.kind !== 'event') {
        this.error('not-an-event', path, `trigger \`${ref}\` is declared in customCards as an action card`, 'set `kind: event` on the custom card');
        return undefined;
      }
      return { origin: 'custom', ref, card: hit.custom, loc };
    }
    if (hit.unknown === 'card' && hit.connector) {
      const info = this.catalog.connector(hit.connector);
      if (info && info.eventScopes.length > 0) {
        const guess = this.catalog.suggestCards(ref, 1).filter((g) => this.catalog.findCard(g).ok && (this.catalog.findCard(g) as { card: CatalogCard }).card.kind === 'event');
        this.warn(
          'unknown-event',
          path,
          `event \`${ref}\` is not in the catalog; granting the ${info.name} event-card scopes (${info.eventScopes.join(', ')})`,
          guess.length ? `did you mean \`${guess[0]}\`?` : 'check the event name; every event card of this connector needs these scopes',
        );
        return { origin: 'unknown-event', ref, connector: hit.connector, name: ref.slice(ref.indexOf('/') + 1).trim(), loc };
      }
      this.error('unknown-card', path, `the ${info?.name ?? hit.connector} connector has no event cards: \`${ref}\` cannot be a trigger`);
      return undefined;
    }
    this.unknownConnector(ref, path);
    return undefined;
  }

  private cardEntry(entry: unknown, path: PathSeg[]): CardUse[] {
    if (this.schemaFailedWithin(path)) return [];
    let ref: string | undefined;
    let method: string | undefined;
    let callPath: string | undefined;
    let hasCall = false;
    if (typeof entry === 'string') {
      ref = entry.trim();
    } else if (isObj(entry) && 'card' in entry) {
      ref = str(entry.card)?.trim();
      method = str(entry.method);
      callPath = str(entry.path);
      hasCall = method !== undefined || callPath !== undefined;
      if (hasCall && (method === undefined || callPath === undefined)) {
        this.error('incomplete-call', path, `a Custom API call needs both \`method\` and \`path\``, 'e.g. `method: GET` and `path: /api/v1/users/{userId}/factors`');
        return [];
      }
    } else if (isObj(entry) && Object.keys(entry).length === 1) {
      const [k, v] = Object.entries(entry)[0];
      ref = k.trim();
      hasCall = true;
      const m = typeof v === 'string' ? /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(v) : null;
      if (!m) {
        this.error('bad-call', path, `\`${k}: ${String(v)}\` is not a Custom API call`, `write it as \`${k}: GET /api/v1/users/{userId}\` (method, a space, then the path)`);
        return [];
      }
      method = m[1];
      callPath = m[2];
    } else {
      return []; // the schema pass reported it
    }
    if (!ref) return [];
    const loc = this.at.loc(path);
    const hit = this.lookup(ref);
    if ('unknown' in hit) {
      if (hit.unknown === 'connector') this.unknownConnector(ref, path);
      else this.unknownCard(ref, path);
      return [];
    }
    if ('custom' in hit) {
      if (hasCall) this.error('call-on-plain-card', path, `\`${ref}\` is a custom card; only Custom API Action cards take a method and path`);
      return [{ origin: 'custom', ref, card: hit.custom, loc }];
    }
    const card = hit.card;
    if (card.kind === 'event') {
      this.warn('event-in-cards', path, `\`${ref}\` is an event card`, 'declare it as the flow\'s `trigger:`');
    }
    if (!card.customApi) {
      if (hasCall) this.error('call-on-plain-card', path, `\`${ref}\` takes no method and path; only Custom API Action cards do`, 'write the card name alone');
      return [{ origin: 'catalog', ref, card, loc }];
    }
    if (!hasCall || !method || !callPath) {
      this.error('missing-call', path, `\`${ref}\` needs the HTTP method and path it calls: its scopes are those of the endpoint`, `write \`- ${this.catalog.refOf(card)}: GET /api/v1/users/{userId}\``);
      return [];
    }
    const upper = method.toUpperCase();
    if (!METHODS.includes(upper)) {
      const guess = closest(upper, METHODS, 1);
      this.error('bad-method', path, `unknown HTTP method \`${method}\``, `expected one of ${METHODS.join(', ')}${guess.length ? `; did you mean \`${guess[0]}\`?` : ''}`);
      return [];
    }
    if (!/^(https?:\/\/[^/\s]+)?\//i.test(callPath)) {
      this.error('bad-path', path, `Custom API path \`${callPath}\` must start with \`/\``, `e.g. \`/api/v1/users/{userId}\``);
      return [];
    }
    const callKey = `${upper} ${callPath}`;
    let match = this.endpoints.get(callKey);
    if (match === undefined) this.endpoints.set(callKey, (match = this.catalog.matchEndpoint(upper, callPath) ?? null));
    if (!match) {
      const candidates = this.catalog.endpoints.filter((e) => e.method === upper).map((e) => e.path);
      const bare = callPath.replace(/^https?:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
      const guess = closest(bare, candidates, 2);
      const otherMethods = this.catalog.endpoints.filter((e) => e.method !== upper && this.catalog.matchEndpoint(e.method, bare)?.row === e).map((e) => e.method);
      this.error(
        'unknown-endpoint',
        path,
        `\`${upper} ${callPath}\` matches no Okta API endpoint`,
        otherMethods.length
          ? `that path exists for ${[...new Set(otherMethods)].sort().join(', ')}`
          : guess.length
            ? `did you mean ${guess.map((g) => `\`${upper} ${g}\``).join(' or ')}?`
            : 'check the path against the Okta API reference',
      );
      return [];
    }
    if (match.row.auth === 'api-token') {
      this.warn(
        'not-callable-by-oauth-app',
        path,
        `\`${upper} ${match.row.path}\` (${match.row.operationId}) takes no OAuth scope: Okta authorizes it with an API token only, so this card cannot call it through the Okta Workflows OAuth app`,
        'no grant fixes this: call it outside Workflows with an API token, or use an operation that takes an OAuth scope',
      );
    } else if (match.row.scopes.length === 0) {
      this.warn('no-scope-endpoint', path, `\`${upper} ${match.row.path}\` (${match.row.operationId}) declares no OAuth scope`, 'it needs no grant; check the path if you expected one');
    }
    for (const u of match.uncertain) {
      this.warn(
        'uncertain-endpoint',
        path,
        `\`${upper} ${callPath}\` matched \`${match.row.path}\` only through {${u.param}} = "${u.value}": the spec has no such literal path`,
        'check the path against the Okta API reference; the scopes shown are those of the matched operation',
      );
    }
    return [{ origin: 'catalog', ref, card, call: { method: upper, path: callPath, endpoint: match.row }, loc }];
  }

  private duplicateFlows(flows: FlowDecl[]): void {
    const seen = new Map<string, FlowDecl>();
    for (const f of flows) {
      // Workflows names a flow within its folder: the same name in two folders is two flows (as scan
      // and its --write see them), so the folder is part of the key.
      const folder = f.folder === undefined ? '' : f.folder.trim().toLowerCase();
      const key = `${f.name.trim().toLowerCase()}\u0000${folder}\u0000${(f.orgs ?? ['*']).slice().sort().join(',')}`;
      const first = seen.get(key);
      if (first) {
        this.out.push({
          severity: 'warning',
          code: 'duplicate-flow',
          loc: f.loc,
          message: `flow \`${f.name}\` is declared twice (first at line ${first.loc.line})`,
          hint: 'merge the two entries, or give them distinct names so reports can tell them apart',
        });
      } else seen.set(key, f);
    }
  }

  private checkScope(scope: string, path: PathSeg[]): boolean {
    if (this.catalog.scope(scope)) return true;
    const guess = this.catalog.suggestScopes(scope, 2);
    this.error('unknown-scope', path, `unknown scope \`${scope}\``, guess.length ? `did you mean ${guess.map((g) => `\`${g}\``).join(' or ')}?` : 'see the Okta OAuth scope list');
    return false;
  }

  private extraScope(e: unknown, path: PathSeg[]): ExtraScopeDecl[] {
    if (!isObj(e)) return [];
    const scope = str(e.scope)?.trim();
    const reason = str(e.reason)?.trim();
    const orgs = Array.isArray(e.orgs) ? e.orgs.filter((o): o is string => typeof o === 'string') : undefined;
    orgs?.forEach((o, j) => this.checkOrgRef(o, [...path, 'orgs', j], `extra scope \`${scope ?? '?'}\``));
    if (!scope || !this.checkScope(scope, [...path, 'scope'])) return [];
    if (this.catalog.isOidcDefault(scope)) {
      this.warn('auto-granted', [...path, 'scope'], `\`${scope}\` is an OIDC scope granted automatically at authorization; wf-scopes never emits it`, 'remove this entry');
      return [];
    }
    if (!reason) return [];
    return [{ scope, reason, ...(orgs ? { orgs } : {}), loc: this.at.loc(path) }];
  }

  private policy(p: Obj): PolicyDecl {
    const patterns = (key: 'deny' | 'requireReason') =>
      list(p[key]).flatMap((v, i) => {
        const path: PathSeg[] = ['policy', key, i];
        if (typeof v !== 'string') return [];
        const pattern = v.trim();
        if (key === 'requireReason' && RISK_LEVELS.includes(pattern.toLowerCase())) return [{ pattern: pattern.toLowerCase(), loc: this.at.loc(path) }];
        this.checkGlob(pattern, path);
        return [{ pattern, loc: this.at.loc(path) }];
      });
    const suppressions: Suppression[] = list(p.suppressions).flatMap((s, i) => {
      const path: PathSeg[] = ['policy', 'suppressions', i];
      if (!isObj(s) || typeof s.rule !== 'string' || typeof s.reason !== 'string') return [];
      if (typeof s.scope === 'string') this.checkGlob(s.scope, [...path, 'scope']);
      if (typeof s.expires === 'string' && Number.isNaN(Date.parse(`${s.expires}T00:00:00Z`))) {
        this.error('bad-date', [...path, 'expires'], `\`${s.expires}\` is not a valid date`, 'write YYYY-MM-DD');
      }
      return [
        {
          rule: s.rule as PolicyRule,
          ...(str(s.scope) ? { scope: str(s.scope) } : {}),
          ...(str(s.card) ? { card: str(s.card) } : {}),
          ...(str(s.flow) ? { flow: str(s.flow) } : {}),
          reason: s.reason,
          ...(str(s.expires) ? { expires: str(s.expires) } : {}),
          loc: this.at.loc(path),
        },
      ];
    });
    return {
      deny: patterns('deny'),
      requireReason: patterns('requireReason'),
      allowInferred: p.allowInferred !== false,
      suppressions,
      loc: this.at.loc(['policy']),
    };
  }

  /** A policy glob that matches no known scope is almost always a typo. */
  private checkGlob(pattern: string, path: PathSeg[]): void {
    if (!hasWildcard(pattern)) {
      this.checkScope(pattern, path);
      return;
    }
    if (!isValidGlob(pattern)) {
      this.error('bad-glob', path, `\`${pattern}\` is not a scope glob`, 'use scope characters and `*`, e.g. `okta.roles.*`');
      return;
    }
    if (!this.catalog.scopes.some((s) => globMatch(pattern, s.name))) {
      this.warn('glob-matches-nothing', path, `\`${pattern}\` matches no known scope`, `check the pattern at ${formatPath(path)}`);
    }
  }
}
