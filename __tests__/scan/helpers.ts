/** Synthetic exports for the scan tests, built with the reader's own test builders. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../../src/core/catalog';
import { readExport } from '../../src/sources/flows';
import { analyzeExports, type ScanReport } from '../../src/app/scan';
import { KERNEL, OKTA, card, flopack, type FieldSpec, type FlowSpec, type JsonObj } from '../flows/builders';

export { KERNEL, OKTA, card, flopack };
export const catalog = loadCatalog();

export const REALMS = (key: string): string => `root:channels:http:oktarealms:1.0.12:${key}`;
export const OPA = (key: string): string => `root:channels:http:oktaprivilegedaccess:1.0.3:${key}`;
export const SLACK = (key: string): string => `root:channels:http:slack:1.2.0:${key}`;

/** An Okta Custom API Action card with a typed URL (`''` leaves it to a wire). */
export function customApi(uuid: string, method: string, url: string, title = 'Custom API Action'): JsonObj {
  const inputs: FieldSpec[] = [
    { id: `${uuid}-m`, key: 'requestType', group: 'parameters', data: method },
    { id: `${uuid}-url`, key: 'Relative URL', group: 'Request', data: url },
  ];
  return card(OKTA('hTTPRequest'), { uuid, title, inputs });
}

/** An Okta event card (trigger). */
export function event(key: string, title: string, uuid = 'ev'): JsonObj {
  return card(OKTA(key), { uuid, title, webhook: true });
}

/** A Helper Flow start whose parameter `relative URL` is wired into a Custom API Action's URL. */
export function helperWiredApi(uuid: string, method: string): JsonObj[] {
  const start = card(KERNEL('control', 'callable'), {
    uuid: `${uuid}-start`,
    title: 'Helper Flow',
    outputs: [{ id: `${uuid}-p`, key: 'relative URL' }],
    pins: { [`${uuid}-p`]: { [uuid]: [`${uuid}-url`] } },
  });
  return [start, customApi(uuid, method, '')];
}

/** Export text for flows, with folders given as id → name. */
export function exportText(flows: FlowSpec[], groups: Record<string, string> = {}): string {
  return JSON.stringify(flopack(flows, { groups }));
}

/** Reads export texts (file name → text) in memory and analyzes them as `scan` does. */
export function scanTexts(files: Record<string, string>, cwd = '/work'): ScanReport {
  const results = Object.entries(files).map(([file, text]) => readExport(text, join(cwd, file)));
  return analyzeExports(results, catalog, cwd);
}

/** A fresh temp folder with the given files written into it. */
export function tempDir(prefix: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/**
 * The example organisation used across the scan tests: an event flow with a renamed card, a wired
 * Custom API call, a call known only at run time, an unknown Okta card, a Privileged Access card and
 * a Slack card; and a scheduled flow in another folder.
 */
export function sampleExport(): string {
  return exportText(
    [
      {
        id: 'f-off',
        name: 'Offboard contractor ',
        group: 'g-life',
        methods: [
          event('userSuspended', 'User Suspended'),
          card(OKTA('readUser'), { uuid: 'ru', title: 'Read Manager', outputs: [{ id: 'ru-id', key: 'ID' }], pins: { 'ru-id': { cmp: ['cmp-x'] } } }),
          card(KERNEL('string', 'compose'), {
            uuid: 'cmp',
            title: 'Compose',
            inputs: [
              { id: 'cmp-t', key: '_text_', data: '/api/v1/users/{{{X}}}/factors' },
              { id: 'cmp-x', key: 'X' },
            ],
            outputs: [{ id: 'cmp-out', key: 'output' }],
            pins: { 'cmp-out': { api: ['api-url'] } },
          }),
          customApi('api', 'GET', '', 'List Factors'),
          card(OKTA('deactivateUser'), { uuid: 'du', title: 'Deactivate User' }),
          card(OKTA('brandNewCard'), { uuid: 'nw', title: 'Brand New Card' }),
          card(OPA('customApiAction_KC4ijKL5WC'), { uuid: 'opa', title: 'OPA call' }),
          card(SLACK('postMessage'), { uuid: 'sl', title: 'Send Message' }),
        ],
      },
      {
        id: 'f-logs',
        name: 'Audit logins',
        group: 'g-audit',
        scheduled: true,
        methods: [
          card(KERNEL('control', 'callable'), { uuid: 'start', title: 'Scheduled Flow' }),
          card(OKTA('searchSystemLogs'), { uuid: 'sl1', title: 'Search System Logs' }),
          card(REALMS('listRealmUsers_tmcXa7PfAt'), { uuid: 'rl', title: 'Realm people' }),
          ...helperWiredApi('dyn', 'POST'),
        ],
      },
      { id: 'f-stub', name: 'Called elsewhere', methods: null },
    ],
    { 'g-life': 'Lifecycle', 'g-audit': 'Audit' },
  );
}
