/**
 * The example declaration this repository ships as `scopes.yaml`, recognised by its content: its
 * fictional flows, each by name, folder, trigger and cards exactly as shipped (a flow of the user's
 * own that shares a name, or an example flow the user has edited, is theirs). `scan --write` refuses to
 * merge real flows into a file that still holds any of them (their fictional grants, a high-risk
 * `okta.apps.manage` among them, would be applied with the real ones), unless `--force`.
 * `__tests__/scan/example.test.ts` keeps this list and the shipped file in step.
 */
import type { CardUse, FlowDecl, Manifest } from '../../core/manifest/types';
import { normalize } from '../../util/suggest';

/** The shipped example's flows: name, folder, then the trigger and cards as written. */
export const EXAMPLE_FLOWS: readonly (readonly string[])[] = [
  [
    'Offboard contractor',
    'Lifecycle',
    'Okta/User Suspended',
    'Okta/Read User',
    'Okta/Deactivate User',
    'Okta/Clear User Sessions',
    'Okta/Remove User from Group',
    'Okta/Search System Logs',
    'Okta/Custom API Action: GET /api/v1/users/{userId}/factors',
  ],
  [
    'Onboard employee',
    'Lifecycle',
    'Okta/User Created',
    'Okta/Read User',
    'Okta/Add User to Group',
    'Okta/Assign User to Application for SSO',
    'Okta/Custom API Action: POST /api/v1/users/{userId}/lifecycle/reset_factors',
  ],
  ['Suspend inactive users', 'Hygiene', 'Okta/List Users with Search', 'Okta/Suspend User', 'Okta/Search System Logs'],
  ['Retire lost devices', 'Devices', 'Okta Devices/Search Devices', 'Okta Devices/Suspend Device'],
  ['Partner realm report', 'Reports', 'Okta Realms/List Realm Users', 'Okta Realms/Search Realms'],
];

const useText = (u: CardUse): string => (u.origin === 'catalog' && u.call ? `${u.ref}: ${u.call.method} ${u.call.path}` : u.ref);
const fingerprint = (parts: readonly string[]): string => parts.map(normalize).join('\u0000');
const flowPrint = (f: FlowDecl): string => fingerprint([f.name, f.folder ?? '', ...(f.trigger ? [f.trigger] : []).concat(f.cards).map(useText)]);
const EXAMPLE_PRINTS = new Set(EXAMPLE_FLOWS.map(fingerprint));

/** The example's flows the declaration still holds as shipped, each as `"name" in folder` with its line, in file order. */
export function exampleFlowsIn(manifest: Manifest): { label: string; line: number }[] {
  return manifest.flows.filter((f) => EXAMPLE_PRINTS.has(flowPrint(f))).map((f) => ({ label: `"${f.name}" in ${f.folder ?? ''}`, line: f.loc.line }));
}
