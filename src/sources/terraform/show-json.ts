/**
 * Reads what Terraform says the Workflows OAuth app is granted, from `terraform show -json` output:
 * of a state (`values.root_module`, recursively through `child_modules`) or of a saved plan
 * (`resource_changes`, with `prior_state` for what is there now). The resource is the Okta provider's
 * authoritative `okta_app_oauth_api_scope` (`app_id`, `issuer`, `scopes`).
 */
import type { ActualGrants, PlanAction } from '../../core/drift/types';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import { readBoundedSync } from '../../util/bounded-read';
import { limit, LIMIT_ENV } from '../../util/limits';
import { isPlainObject } from '../../util/json';
import { jsonTooDeep } from '../../util/nesting';

export const SCOPE_RESOURCE_TYPE = 'okta_app_oauth_api_scope';

export interface TerraformScopeResource {
  /** e.g. `okta_app_oauth_api_scope.workflows`, `module.prod.okta_app_oauth_api_scope.this["x"]`. */
  address: string;
  /** Undefined in a plan when the app id is only known after apply. */
  appId?: string;
  issuer?: string;
  /** Plan only: Terraform's actions, e.g. `["update"]`, `["delete","create"]`. */
  actions?: string[];
  /** Plan only: the app the resource held before a replacement moved it to another app. */
  previousAppId?: string;
  grants: ActualGrants;
}

export interface TerraformGrants {
  file: string;
  source: 'state' | 'plan';
  /** Every okta_app_oauth_api_scope resource in the file, sorted by address. */
  resources: TerraformScopeResource[];
  byAddress: ReadonlyMap<string, TerraformScopeResource>;
  /** Several orgs or stacks in one file: each app id maps to the resources granting to it. */
  byAppId: ReadonlyMap<string, TerraformScopeResource[]>;
}

export interface ResourceFilterInput {
  address: string;
  appId?: string;
}

export interface ReadOptions {
  /** Keeps only the resources the caller cares about (e.g. one CDKTF stack's address prefix). */
  appResourceFilter?: (resource: ResourceFilterInput) => boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function fail(file: string, message: string, hint?: string, line = 1, column = 1): UserError {
  const d: Diagnostic = { severity: 'error', code: 'terraform-json', message, hint, loc: { file, line, column } };
  return new UserError(d);
}

/**
 * Reads `terraform show -json` output from a file: a regular file only (a FIFO would hang the read),
 * up to WF_SCOPES_MAX_INPUT_BYTES. `flag` is the option that named it, for the error.
 */
export function readShowJsonFile(file: string, shownAs: string, flag: string): string {
  const read = readBoundedSync(file);
  if (read.ok) return read.text;
  throw new UserError({
    severity: 'error',
    code: 'terraform-json',
    flag,
    message: `cannot read ${shownAs}: ${read.reason}`,
    hint: read.code === 'too-large' ? `a plan or state of one stack is far smaller; raise ${LIMIT_ENV.maxInput} if this one really is that big` : 'write it with `terraform show -json <plan or state> > FILE`',
  });
}

/** Parses, pointing at the line and column of a syntax error when V8 reports a position. */
function parseJson(text: string, file: string): Json {
  // Before JSON.parse: a nesting bomb is refused in one linear pass, at its line and column.
  const maxDepth = limit('maxDepth');
  const deep = jsonTooDeep(text, maxDepth);
  if (deep) throw fail(file, `nested deeper than ${maxDepth} levels (${LIMIT_ENV.maxDepth}): not \`terraform show -json\` output`, undefined, deep.line, deep.column);
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(msg);
    let line = 1;
    let column = 1;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = Number(pos[1]) - before.lastIndexOf('\n');
    }
    throw fail(file, 'not JSON: expected the output of `terraform show -json`', undefined, line, column);
  }
}

/** Checks the envelope every `terraform show -json` document has, and its major version. */
function envelope(text: string, file: string): JsonObject {
  const doc = parseJson(text, file);
  if (!isPlainObject(doc) || typeof doc.format_version !== 'string') {
    throw fail(file, 'not `terraform show -json` output (no format_version)', 'run `terraform show -json <state or plan file> > file.json`');
  }
  // Terraform's promise: minor versions only add fields; a new major may change meanings.
  if (!/^1\./.test(doc.format_version)) {
    throw fail(file, `unsupported terraform show -json format_version ${doc.format_version} (this tool reads 1.x)`);
  }
  return doc;
}

function isPlan(doc: JsonObject): boolean {
  return 'resource_changes' in doc || 'planned_values' in doc;
}

function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

/** `scopes` is a set in the provider schema: a JSON array of strings (null when unset). */
function scopesOf(values: JsonObject, file: string, address: string, where: string): string[] {
  const s = values.scopes;
  if (s === undefined || s === null) return [];
  if (!Array.isArray(s) || !s.every((x): x is string => typeof x === 'string')) {
    throw fail(file, `${address}: ${where}.scopes is not a list of strings`);
  }
  return sortedUnique(s);
}

function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

interface StateResource {
  address: string;
  values: JsonObject;
}

/** Managed okta_app_oauth_api_scope resources of a `values`-style module tree. */
function collectModule(mod: Json | undefined, out: StateResource[]): void {
  if (!isPlainObject(mod)) return;
  const resources = mod.resources;
  if (Array.isArray(resources)) {
    for (const r of resources) {
      if (!isPlainObject(r) || r.type !== SCOPE_RESOURCE_TYPE || (r.mode !== undefined && r.mode !== 'managed')) continue;
      const address = str(r.address);
      if (address && isPlainObject(r.values)) out.push({ address, values: r.values });
    }
  }
  const children = mod.child_modules;
  if (Array.isArray(children)) for (const c of children) collectModule(c, out);
}

function stateResources(values: Json | undefined): StateResource[] {
  const out: StateResource[] = [];
  if (isPlainObject(values)) collectModule(values.root_module, out);
  return out;
}

function finish(file: string, source: 'state' | 'plan', all: TerraformScopeResource[], opts: ReadOptions, found: number): TerraformGrants {
  const kept = opts.appResourceFilter ? all.filter((r) => opts.appResourceFilter?.({ address: r.address, appId: r.appId })) : all;
  if (found === 0) {
    throw fail(
      file,
      `no ${SCOPE_RESOURCE_TYPE} resource in this ${source}`,
      source === 'state' ? 'the state may be empty or belong to another stack; import the grants first (terraform import)' : undefined,
    );
  }
  if (kept.length === 0) {
    throw fail(file, `none of the ${SCOPE_RESOURCE_TYPE} resources in this ${source} is selected: ${all.map(describe).join(', ')}`);
  }
  kept.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const byAddress = new Map<string, TerraformScopeResource>();
  const byAppId = new Map<string, TerraformScopeResource[]>();
  for (const r of kept) {
    byAddress.set(r.address, r);
    if (r.appId !== undefined) byAppId.set(r.appId, [...(byAppId.get(r.appId) ?? []), r]);
  }
  return { file, source, resources: kept, byAddress, byAppId };
}

function describe(r: TerraformScopeResource): string {
  return `${r.address} (app ${r.appId ?? 'known after apply'})`;
}

/** Reads `terraform show -json` of a state. */
export function readStateGrants(jsonText: string, file: string, opts: ReadOptions = {}): TerraformGrants {
  const doc = envelope(jsonText, file);
  if (isPlan(doc)) throw fail(file, 'this is `terraform show -json` of a plan, not of a state', 'pass it as a plan');
  if (!('values' in doc)) {
    // An empty state prints only the envelope; anything else without `values` is not a state.
    if (Object.keys(doc).some((k) => k !== 'format_version' && k !== 'terraform_version')) {
      throw fail(file, 'not `terraform show -json` output (no values)');
    }
  }
  const found = stateResources(doc.values);
  const resources = found.map((r): TerraformScopeResource => {
    const appId = str(r.values.app_id);
    const granted = scopesOf(r.values, file, r.address, 'values').map((scope) => ({ scope }));
    return {
      address: r.address,
      appId,
      issuer: str(r.values.issuer),
      grants: { source: 'state', app: { id: appId ?? '' }, granted },
    };
  });
  return finish(file, 'state', resources, opts, found.length);
}

/** Reads `terraform show -json` of a saved plan (`terraform plan -out=…`). */
export function readPlanGrants(jsonText: string, file: string, opts: ReadOptions = {}): TerraformGrants {
  const doc = envelope(jsonText, file);
  if (!isPlan(doc)) {
    if ('values' in doc) throw fail(file, 'this is `terraform show -json` of a state, not of a plan', 'pass it as a state');
    throw fail(file, 'not `terraform show -json` output of a plan (no resource_changes)');
  }
  const prior = new Map<string, JsonObject>();
  if (isPlainObject(doc.prior_state)) for (const r of stateResources(doc.prior_state.values)) prior.set(r.address, r.values);

  const changes = Array.isArray(doc.resource_changes) ? doc.resource_changes : [];
  const resources: TerraformScopeResource[] = [];
  for (const rc of changes) {
    if (!isPlainObject(rc) || rc.type !== SCOPE_RESOURCE_TYPE || (rc.mode !== undefined && rc.mode !== 'managed')) continue;
    const address = str(rc.address);
    const change = rc.change;
    if (!address || !isPlainObject(change)) throw fail(file, `a ${SCOPE_RESOURCE_TYPE} entry of resource_changes has no address or change`);
    resources.push(planResource(file, address, change, prior.get(address)));
  }
  return finish(file, 'plan', resources, opts, resources.length);
}

function planResource(file: string, address: string, change: JsonObject, prior: JsonObject | undefined): TerraformScopeResource {
  const actions = Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === 'string') : [];
  if (actions.length === 0) throw fail(file, `${address}: change.actions is missing`);
  const before = isPlainObject(change.before) ? change.before : undefined;
  const after = isPlainObject(change.after) ? change.after : undefined;
  if (isPlainObject(change.after_unknown) && change.after_unknown.scopes === true) {
    // Never "in sync": what the apply grants or revokes cannot be known from this plan.
    throw fail(
      file,
      `${address}: the planned scopes are unknown until apply, so what the apply grants or revokes cannot be checked`,
      'make the scope list a literal or a known value (the generated stack always does), then plan again',
    );
  }
  const action = planAction(actions);

  // What the resource holds now: the plan's `before`, or the prior state's copy when Terraform has none.
  const currentValues = before ?? prior;
  const current = currentValues ? scopesOf(currentValues, file, address, before ? 'change.before' : 'prior_state') : [];
  const deleting = actions.includes('delete') && !actions.includes('create');
  // `forget` (a removed block) drops the resource from state without revoking anything.
  const unchanged = actions.every((a) => a === 'no-op' || a === 'read' || a === 'forget');
  const next = deleting ? [] : unchanged ? current : after ? scopesOf(after, file, address, 'change.after') : current;

  const beforeApp = currentValues ? str(currentValues.app_id) : undefined;
  const afterApp = deleting || unchanged ? beforeApp : after ? str(after.app_id) : beforeApp;
  // A replacement onto another app grants everything anew there; the old app's grants are not this app's.
  const moved = beforeApp !== undefined && afterApp !== beforeApp;
  const held = moved ? [] : current;
  const setNext = new Set(next);
  const setHeld = new Set(held);
  // A replace destroys the resource (the provider revokes every grant it lists) and creates it again
  // (granting everything anew), on the same app or another: every current grant is revoked.
  const replaced = action === 'replace';

  const appId = afterApp;
  return {
    address,
    appId,
    issuer: str(after?.issuer) ?? str(currentValues?.issuer),
    actions,
    previousAppId: moved ? beforeApp : undefined,
    grants: {
      source: 'plan',
      app: { id: appId ?? '' },
      granted: held.map((scope) => ({ scope })),
      plan: {
        toGrant: replaced ? next : next.filter((s) => !setHeld.has(s)),
        toRevoke: replaced ? current : held.filter((s) => !setNext.has(s)),
        after: next,
        action,
      },
    },
  };
}

/** Terraform's action list as one word; `["delete","create"]` and `["create","delete"]` both replace. */
function planAction(actions: string[]): PlanAction {
  const has = (a: string): boolean => actions.includes(a);
  if (has('delete') && has('create')) return 'replace';
  if (has('delete')) return 'delete';
  if (has('create')) return 'create';
  if (has('update')) return 'update';
  if (has('forget')) return 'forget';
  return 'no-op';
}

/**
 * Picks the resource for one org: by address (a CDKTF stack's resource), by app id, or the only
 * one. Anything ambiguous is an error that lists what the file holds.
 */
export function selectTerraformGrants(tg: TerraformGrants, want: { appId?: string; address?: string } = {}): TerraformScopeResource {
  const list = tg.resources.map(describe).join(', ');
  if (want.address !== undefined) {
    const r = tg.byAddress.get(want.address);
    if (!r) throw fail(tg.file, `no ${SCOPE_RESOURCE_TYPE} at ${want.address}; the ${tg.source} has ${list}`);
    return r;
  }
  if (want.appId !== undefined) {
    const rs = tg.byAppId.get(want.appId) ?? [];
    if (rs.length === 1) return rs[0];
    if (rs.length === 0) throw fail(tg.file, `no ${SCOPE_RESOURCE_TYPE} grants to app ${want.appId}; the ${tg.source} has ${list}`);
    throw fail(tg.file, `${rs.length} ${SCOPE_RESOURCE_TYPE} resources grant to app ${want.appId}: ${rs.map((r) => r.address).join(', ')}`, 'select one by address');
  }
  if (tg.resources.length === 1) return tg.resources[0];
  throw fail(tg.file, `the ${tg.source} has ${tg.resources.length} ${SCOPE_RESOURCE_TYPE} resources: ${list}`, 'say which one: by the org\'s app id or the resource address');
}
