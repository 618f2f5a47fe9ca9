import { parseUsageJson } from '../../src/app/usage/parse';
import { errorOf } from '../support/user-error';

const ORG = (body: string) => `{\n  "since": "2026-11-01T00:00:00Z",\n  "until": "2026-12-01T00:00:00Z",\n  "orgs": [\n    {\n${body}\n    }\n  ]\n}\n`;

describe('parseUsageJson', () => {
  test('a missing key is located at the object that lacks it', () => {
    const text = ORG('      "org": "prod",\n      "checked": false,\n      "scopes": [],\n      "unexplained": []');
    const e = errorOf(() => parseUsageJson(text, 'usage.json'));
    expect(e.diagnostics[0]).toMatchObject({ loc: { file: 'usage.json', line: 5, column: 5 }, message: 'orgs[0].reason must be a string' });
  });

  test('a value of the wrong kind is located at the value', () => {
    const text = ORG('      "org": "prod",\n      "checked": "yes",\n      "scopes": [],\n      "unexplained": []');
    const e = errorOf(() => parseUsageJson(text, 'usage.json'));
    expect(e.diagnostics[0]).toMatchObject({ loc: { file: 'usage.json', line: 7, column: 18 }, message: 'orgs[0].checked must be true or false' });
  });
});
