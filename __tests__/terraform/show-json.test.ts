import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPlanGrants, readStateGrants, selectTerraformGrants } from '../../src/sources/terraform';
import { errorOf } from '../support/user-error';

const STATE = readFileSync(join(__dirname, 'fixtures', 'state.json'), 'utf8');
const PLAN = readFileSync(join(__dirname, 'fixtures', 'plan.json'), 'utf8');


/** A one-resource plan around a single change, for the action cases. */
function planWith(change: Record<string, unknown>, priorScopes?: string[]): string {
  const address = 'okta_app_oauth_api_scope.wf';
  const prior = priorScopes && {
    format_version: '1.0',
    values: { root_module: { resources: [{ address, mode: 'managed', type: 'okta_app_oauth_api_scope', name: 'wf', values: { app_id: '0oaA', scopes: priorScopes } }] } },
  };
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: [{ address, mode: 'managed', type: 'okta_app_oauth_api_scope', name: 'wf', provider_name: 'registry.terraform.io/okta/okta', change }],
    ...(prior ? { prior_state: prior } : {}),
  });
}

describe('readStateGrants', () => {
  test('finds the resources in the root and nested child modules, keyed by app id and address', () => {
    const tg = readStateGrants(STATE, 'state.json');
    expect(tg.source).toBe('state');
    expect(tg.resources.map((r) => [r.address, r.appId])).toEqual([
      ['module.preview.module.sandbox.okta_app_oauth_api_scope.grants', '0oaSANDBOXWF'],
      ['module.preview.okta_app_oauth_api_scope.this["wf"]', '0oaPREVIEWWF'],
      ['okta_app_oauth_api_scope.workflows', '0oaPRODWF'],
    ]);
    const prod = tg.byAppId.get('0oaPRODWF');
    expect(prod).toHaveLength(1);
    expect(prod?.[0].issuer).toBe('https://acme.okta.com');
    expect(prod?.[0].grants).toEqual({
      source: 'state',
      app: { id: '0oaPRODWF' },
      granted: [{ scope: 'okta.eventHooks.manage' }, { scope: 'okta.groups.read' }, { scope: 'okta.users.read' }],
    });
    // A set: duplicates collapse and order is stable.
    expect(tg.byAddress.get('module.preview.module.sandbox.okta_app_oauth_api_scope.grants')?.grants.granted).toEqual([
      { scope: 'okta.apps.read' },
      { scope: 'okta.logs.read' },
    ]);
  });

  test('the caller picks one org by app id or address; several without a choice is an error', () => {
    const tg = readStateGrants(STATE, 'state.json');
    expect(selectTerraformGrants(tg, { appId: '0oaPREVIEWWF' }).address).toBe('module.preview.okta_app_oauth_api_scope.this["wf"]');
    expect(selectTerraformGrants(tg, { address: 'okta_app_oauth_api_scope.workflows' }).appId).toBe('0oaPRODWF');
    const e = errorOf(() => selectTerraformGrants(tg));
    expect(e.message).toContain('state.json:1:1: error: the state has 3 okta_app_oauth_api_scope resources');
    expect(errorOf(() => selectTerraformGrants(tg, { appId: '0oaNOPE' })).message).toContain('no okta_app_oauth_api_scope grants to app 0oaNOPE');
  });

  test('appResourceFilter narrows to one stack; a filter that keeps nothing is an error listing what exists', () => {
    const tg = readStateGrants(STATE, 'state.json', { appResourceFilter: (r) => !r.address.startsWith('module.') });
    expect(tg.resources.map((r) => r.address)).toEqual(['okta_app_oauth_api_scope.workflows']);
    expect(selectTerraformGrants(tg).appId).toBe('0oaPRODWF');
    const e = errorOf(() => readStateGrants(STATE, 'state.json', { appResourceFilter: () => false }));
    expect(e.message).toContain('okta_app_oauth_api_scope.workflows (app 0oaPRODWF)');
  });

  test('input that is not a state', () => {
    const notJson = errorOf(() => readStateGrants('{\n  "format_version": "1.0",\n  oops\n}', 'bad.json'));
    expect(notJson.message).toMatch(/^bad\.json:3:\d+: error: not JSON/);
    expect(errorOf(() => readStateGrants('{"version": 4, "resources": []}', 'terraform.tfstate')).message).toContain(
      'not `terraform show -json` output (no format_version)',
    );
    expect(errorOf(() => readStateGrants('{"format_version": "2.0", "values": {}}', 's.json')).message).toContain('unsupported');
    expect(errorOf(() => readStateGrants('{"format_version": "1.0", "foo": 1}', 's.json')).message).toContain('(no values)');
    expect(errorOf(() => readStateGrants(PLAN, 'plan.json')).message).toContain('of a plan, not of a state');
  });

  test('a state without the resource names the file', () => {
    const empty = errorOf(() => readStateGrants('{"format_version":"1.0","terraform_version":"1.9.8"}', 'empty.json'));
    expect(empty.message).toContain('empty.json:1:1: error: no okta_app_oauth_api_scope resource in this state');
    const other = JSON.stringify({ format_version: '1.0', values: { root_module: { resources: [{ address: 'okta_group.g', mode: 'managed', type: 'okta_group', name: 'g', values: {} }] } } });
    expect(errorOf(() => readStateGrants(other, 'other.json')).message).toContain('other.json');
  });

  test('scopes that are not a list of strings', () => {
    const bad = JSON.stringify({
      format_version: '1.0',
      values: { root_module: { resources: [{ address: 'okta_app_oauth_api_scope.x', mode: 'managed', type: 'okta_app_oauth_api_scope', name: 'x', values: { app_id: 'a', scopes: 'okta.users.read' } }] } },
    });
    expect(errorOf(() => readStateGrants(bad, 'bad.json')).message).toContain('okta_app_oauth_api_scope.x: values.scopes is not a list of strings');
  });
});

describe('readPlanGrants', () => {
  test('update: toGrant = after - before, toRevoke = before - after; data sources ignored', () => {
    const tg = readPlanGrants(PLAN, 'plan.json');
    expect(tg.source).toBe('plan');
    const prod = selectTerraformGrants(tg, { address: 'okta_app_oauth_api_scope.prod_grants_8F3A1B2C' });
    expect(prod.actions).toEqual(['update']);
    expect(prod.grants).toEqual({
      source: 'plan',
      app: { id: '0oaPRODWF' },
      granted: [{ scope: 'okta.groups.read' }, { scope: 'okta.logs.read' }, { scope: 'okta.users.read' }],
      plan: {
        toGrant: ['okta.eventHooks.manage', 'okta.users.manage'],
        toRevoke: ['okta.logs.read'],
        after: ['okta.eventHooks.manage', 'okta.groups.read', 'okta.users.manage', 'okta.users.read'],
        action: 'update',
      },
    });
    expect(tg.resources).toHaveLength(4);
  });

  test('no-op, create and delete in the same plan, each keyed by its app id', () => {
    const tg = readPlanGrants(PLAN, 'plan.json');
    const plans = Object.fromEntries(tg.resources.map((r) => [r.appId, r.grants.plan]));
    expect(plans['0oaPREVIEWWF']).toEqual({ toGrant: [], toRevoke: [], after: ['okta.users.read'], action: 'no-op' });
    expect(plans['0oaSANDBOXWF']).toEqual({ toGrant: ['okta.apps.read', 'okta.logs.read'], toRevoke: [], after: ['okta.apps.read', 'okta.logs.read'], action: 'create' });
    expect(plans['0oaLEGACY']).toEqual({ toGrant: [], toRevoke: ['okta.roles.manage', 'okta.users.read'], after: [], action: 'delete' });
    expect(tg.byAppId.get('0oaSANDBOXWF')?.[0].grants.granted).toEqual([]);
  });

  test('before null: the current grants come from prior_state', () => {
    const text = planWith({ actions: ['update'], before: null, after: { app_id: '0oaA', scopes: ['okta.users.read', 'okta.apps.read'] } }, ['okta.users.read', 'okta.logs.read']);
    const r = selectTerraformGrants(readPlanGrants(text, 'p.json'));
    expect(r.grants.granted).toEqual([{ scope: 'okta.logs.read' }, { scope: 'okta.users.read' }]);
    expect(r.grants.plan).toEqual({ toGrant: ['okta.apps.read'], toRevoke: ['okta.logs.read'], after: ['okta.apps.read', 'okta.users.read'], action: 'update' });
  });

  test('a replace revokes every current grant and grants the after-state anew, on the same app or another', () => {
    const same = planWith({
      actions: ['delete', 'create'],
      before: { app_id: '0oaA', scopes: ['okta.users.read', 'okta.logs.read'] },
      after: { app_id: '0oaA', scopes: ['okta.users.read'] },
    });
    expect(selectTerraformGrants(readPlanGrants(same, 'p.json')).grants.plan).toEqual({
      toGrant: ['okta.users.read'],
      toRevoke: ['okta.logs.read', 'okta.users.read'],
      after: ['okta.users.read'],
      action: 'replace',
    });

    const moved = planWith({
      actions: ['create', 'delete'],
      before: { app_id: '0oaOLD', scopes: ['okta.users.read'] },
      after: { app_id: '0oaNEW', scopes: ['okta.users.read'] },
    });
    const r = selectTerraformGrants(readPlanGrants(moved, 'p.json'), { appId: '0oaNEW' });
    expect(r.previousAppId).toBe('0oaOLD');
    expect(r.grants.granted).toEqual([]);
    // The destroy revokes the old app's grants: a replace is never harmless.
    expect(r.grants.plan).toEqual({ toGrant: ['okta.users.read'], toRevoke: ['okta.users.read'], after: ['okta.users.read'], action: 'replace' });
  });

  test('an app id known only after apply: selectable by address, not by app id', () => {
    const text = planWith({ actions: ['create'], before: null, after: { scopes: ['okta.users.read'] }, after_unknown: { app_id: true, id: true } });
    const tg = readPlanGrants(text, 'p.json');
    expect(tg.byAppId.size).toBe(0);
    expect(selectTerraformGrants(tg, { address: 'okta_app_oauth_api_scope.wf' }).appId).toBeUndefined();
    expect(errorOf(() => selectTerraformGrants(tg, { appId: '0oaA' })).message).toContain('(app known after apply)');
  });

  test('scopes unknown until apply are an error, never "in sync"', () => {
    const text = planWith({ actions: ['create'], before: null, after: { app_id: '0oaA' }, after_unknown: { scopes: true } });
    expect(errorOf(() => readPlanGrants(text, 'p.json')).message).toContain('the planned scopes are unknown until apply');
  });

  test('input that is not a plan', () => {
    expect(errorOf(() => readPlanGrants(STATE, 'state.json')).message).toContain('of a state, not of a plan');
    expect(errorOf(() => readPlanGrants('[]', 'x.json')).message).toContain('not `terraform show -json` output');
    expect(errorOf(() => readPlanGrants('', 'x.json')).message).toContain('x.json:1:1: error: not JSON');
    const noResource = JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: [] });
    expect(errorOf(() => readPlanGrants(noResource, 'tfplan.json')).message).toContain('tfplan.json:1:1: error: no okta_app_oauth_api_scope resource in this plan');
  });
});
