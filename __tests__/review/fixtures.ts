import { loadCatalog } from '../../src/core/catalog';
import { loadProjectText, type Project } from '../../src/core/project';
import type { ReviewContext } from '../../src/app/review';

export const catalog = loadCatalog();
export const TODAY = '2026-01-15';

/** The base every change below starts from: two orgs, one flow, one extraScopes entry. */
export const BASE = `version: 1
orgs:
  - name: prod
    domain: acme.okta.com
  - name: dev
    domain: acme.oktapreview.com
flows:
  - name: Audit
    cards:
      - Okta/Search System Logs
extraScopes:
  - scope: okta.apps.read
    reason: Quarterly access report
`;

/** Adds a flow whose Deactivate User needs okta.users.manage (high risk), at line 13. */
export const ADDS_HIGH = BASE.replace(
  'extraScopes:',
  `  - name: Offboard contractor
    cards:
      - Okta/Deactivate User
extraScopes:`,
);

/** Adds Read Device (okta.devices.read, low risk) to the existing flow, in every org. */
export const ADDS_LOW = BASE.replace('      - Okta/Search System Logs\n', '      - Okta/Search System Logs\n      - Okta Devices/Read Device\n');

/** Drops the extraScopes entry: okta.apps.read is removed. */
export const REMOVES = BASE.replace(/extraScopes:\n(.|\n)*$/, '');

export function project(text: string, file = 'scopes.yaml', today = TODAY): Project {
  return loadProjectText(text, file, { catalog, today });
}

export const ctx: ReviewContext = { baseDir: '/repo', cwd: '/repo', toolVersion: '0.1.0' };
