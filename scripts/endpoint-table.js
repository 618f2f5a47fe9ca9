#!/usr/bin/env node
'use strict';
/**
 * Regenerates data/endpoint-scopes.tsv from the Okta Management OpenAPI specification.
 *
 *   git clone https://github.com/okta/okta-management-openapi-spec spec
 *   git -C spec checkout fdda229e82940cf5af4611ad673ca6a27974e31b     # the pinned commit (spec 2026.06.3)
 *   node scripts/endpoint-table.js spec/dist/current > data/endpoint-scopes.tsv
 *
 * For each operation of the specs below: method, path, operationId, the OAuth scopes of its security
 * requirement, the spec it comes from, how it authorizes, and its lifecycle. Operations that only the
 * `management-dev` spec has (preview features) are included and marked `preview`. The output depends
 * only on the spec files: rows sorted by path, then method. A test runs this on a small checked-in
 * excerpt (__tests__/fixtures/openapi/) and compares it with the committed table.
 */
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { load } = require('js-yaml');

const PINNED_COMMIT = 'fdda229e82940cf5af4611ad673ca6a27974e31b';
const SPEC_VERSION = '2026.06.3';

/** File in dist/current → the label of the `spec` column; earlier files win for an operation in several. */
const SPECS = [
  ['management-oneOfInheritance-noExamples.yaml', 'management'],
  ['oauth-oneOfInheritance-noExamples.yaml', 'oauth'],
  ['idp-oneOfInheritance-noExamples.yaml', 'idp-myaccount'],
  ['governance-combined-production-reference-oneOfInheritance-noExamples.yaml', 'governance-combined'],
];
/** Preview features: its operations the GA specs lack are listed as `preview` of the management spec. */
const PREVIEW_SPEC = 'management-dev-noEnums-minimal.yaml';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const HEADER = `# Okta API operations and the OAuth scopes each requires.
# Derived from okta/okta-management-openapi-spec, dist/current, commit ${PINNED_COMMIT}
# (spec version ${SPEC_VERSION}), https://github.com/okta/okta-management-openapi-spec
# The spec is licensed under the Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0
# Changed from the original: each operation's method, path, operationId, security scopes, security kind and
# lifecycle were extracted into this table. Keep this attribution wherever the table is used (see NOTICE.md).
# Regenerate with scripts/endpoint-table.js (its header says how); do not edit by hand.
# Columns (tab-separated): method, path, operationId, scopes, spec, auth, lifecycle.
#   scopes: space-separated, ALL required together (one OpenAPI security requirement). Empty: the spec declares none.
#   spec: the spec of that repository the operation comes from (management, oauth, idp-myaccount, governance-combined).
#   auth: oauth (an OAuth 2.0 access token with the scopes can call it), api-token (only an SSWS API token: the
#     Okta Workflows OAuth app cannot call it at all), client (an OAuth protocol endpoint that authenticates the
#     client itself), none (no credentials: public metadata).
#   lifecycle: GA, LIMITED_GA, EA, BETA, … as the spec marks the operation (or its tag); preview when only the
#     spec of preview features (management-dev) has it.
`;

/**
 * `[{apiToken: []}, {oauth2: [scopes]}]` → the OAuth scopes and how the operation authorizes, told by
 * the type of each named security scheme (the specs name them differently: oauth2, OAuth2, ApiKey).
 */
function security(op, doc) {
  const reqs = op.security ?? doc.security ?? [];
  const schemes = (doc.components && doc.components.securitySchemes) || {};
  // The minimal specs declare no schemes: their names tell then (oauth2, apiToken, Client_authentication_…).
  const typeOf = (name) =>
    (schemes[name] && schemes[name].type) || (/oauth/i.test(name) ? 'oauth2' : /api.?(key|token)/i.test(name) ? 'apiKey' : 'http');
  for (const r of reqs) {
    for (const [name, scopes] of Object.entries(r ?? {})) {
      if (typeOf(name) === 'oauth2' && Array.isArray(scopes) && scopes.length > 0) return { scopes: [...scopes].sort(), auth: 'oauth' };
    }
  }
  if (reqs.length === 0 || reqs.every((r) => Object.keys(r ?? {}).length === 0)) return { scopes: [], auth: 'none' };
  if (reqs.some((r) => Object.keys(r ?? {}).some((name) => typeOf(name) === 'apiKey'))) return { scopes: [], auth: 'api-token' };
  return { scopes: [], auth: 'client' };
}

/** The operation's lifecycle, else that of its first tag that has one, else GA. */
function lifecycle(op, tags) {
  const own = op['x-okta-lifecycle'];
  if (own && typeof own.lifecycle === 'string') return own.lifecycle;
  for (const t of op.tags ?? []) {
    const l = tags.get(t);
    if (l) return l;
  }
  return 'GA';
}

function operations(doc) {
  const tags = new Map((doc.tags ?? []).filter((t) => t['x-okta-lifecycle']).map((t) => [t.name, t['x-okta-lifecycle'].lifecycle]));
  const out = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const { scopes, auth } = security(op, doc);
      out.push({ method: m.toUpperCase(), path, operationId: op.operationId ?? '', scopes, auth, lifecycle: lifecycle(op, tags) });
    }
  }
  return out;
}

function readSpec(dir, file) {
  const p = join(dir, file);
  return existsSync(p) ? load(readFileSync(p, 'utf8')) : undefined;
}

/** The table's text for the spec files in `dir` (missing files are skipped, so an excerpt may hold a few). */
function endpointTable(dir) {
  const rows = new Map();
  for (const [file, label] of SPECS) {
    const doc = readSpec(dir, file);
    if (!doc) continue;
    for (const op of operations(doc)) {
      const id = `${op.method} ${op.path}`;
      if (!rows.has(id)) rows.set(id, { ...op, spec: label });
    }
  }
  const preview = readSpec(dir, PREVIEW_SPEC);
  if (preview) {
    for (const op of operations(preview)) {
      const id = `${op.method} ${op.path}`;
      if (!rows.has(id)) rows.set(id, { ...op, spec: 'management', lifecycle: 'preview' });
    }
  }
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.method, b.method));
  const lines = sorted.map((r) => [r.method, r.path, r.operationId, r.scopes.join(' '), r.spec, r.auth, r.lifecycle].join('\t'));
  return `${HEADER}method\tpath\toperationId\tscopes\tspec\tauth\tlifecycle\n${lines.join('\n')}\n`;
}

module.exports = { endpointTable, PINNED_COMMIT, SPECS, PREVIEW_SPEC };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write(`usage: node scripts/endpoint-table.js <okta-management-openapi-spec checkout>/dist/current\n  (pinned commit ${PINNED_COMMIT})\n`);
    process.exit(1);
  }
  process.stdout.write(endpointTable(dir));
}
