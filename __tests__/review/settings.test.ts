import { diffSettings, renderReview, reviewChange, type ReviewBase } from '../../src/app/review';
import { BASE, ctx, project } from './fixtures';

const gitBase = (text: string): ReviewBase => ({ kind: 'git', label: 'HEAD~1:scopes.yaml', project: project(text, 'HEAD~1:scopes.yaml') });
const orgs = (text: string) => project(text).manifest.orgs;

describe('diffSettings: effective values', () => {
  test('nothing changed: nothing', () => {
    expect(diffSettings(orgs(BASE), orgs(BASE))).toEqual([]);
  });

  test('a top-level change is a change of every org that inherits it, merged into one Markdown item', () => {
    const head = `${BASE.replace('orgs:', 'terraform:\n  preventDestroy: false\norgs:')}`;
    const r = reviewChange(project(head), gitBase(BASE));
    expect(r.settings.map((c) => [c.org, c.kind, c.before, c.after])).toEqual([
      ['prod', 'prevent-destroy', 'true', 'false'],
      ['dev', 'prevent-destroy', 'true', 'false'],
    ]);
    const md = renderReview('markdown', r, ctx);
    expect(md).toContain('- :warning: **prod**, **dev** · **WFS115 prevent-destroy-changed**: `terraform.preventDestroy` changes from `true` to `false`.');
    expect(md.match(/WFS115/g)).toHaveLength(1);
  });

  test('a per-org value equal to the inherited one is no change; a different one is', () => {
    const top = BASE.replace('orgs:', 'terraform:\n  requiredVersion: ">= 1.7"\norgs:');
    const same = top.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    terraform: {requiredVersion: ">= 1.7"}\n');
    expect(diffSettings(orgs(same), orgs(top))).toEqual([]);
    const other = top.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    terraform: {requiredVersion: ">= 1.9"}\n');
    expect(diffSettings(orgs(other), orgs(top)).map((c) => [c.org, c.kind, c.before, c.after])).toEqual([['prod', 'required-version', '>= 1.7', '>= 1.9']]);
  });

  test('a domain written in another case is the same tenant', () => {
    expect(diffSettings(orgs(BASE.replace('acme.okta.com', 'ACME.Okta.com')), orgs(BASE))).toEqual([]);
  });

  test('an app id dropped: looked up by label again, which prevent_destroy stops if it finds another app', () => {
    const pinned = BASE.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    app: {id: 0oa1abcdEFGH2345ijk6}\n');
    const [c] = diffSettings(orgs(BASE), orgs(pinned));
    expect(c).toMatchObject({ org: 'prod', kind: 'app-id', before: '0oa1abcdEFGH2345ijk6', after: '(none: looked up by label)' });
    expect(c.effect).toContain('which prevent_destroy stops at plan time');
  });

  test('an app id changed while preventDestroy was already off: nothing stops the replacement', () => {
    const off = (id: string) => BASE.replace('orgs:', 'terraform:\n  preventDestroy: false\norgs:').replace('    domain: acme.okta.com\n', `    domain: acme.okta.com\n    app: {id: ${id}}\n`);
    const [c] = diffSettings(orgs(off('0oa9zzzzYYYY8888xxx7')), orgs(off('0oa1abcdEFGH2345ijk6')));
    expect(c.effect).toBe('a new app_id forces replacement of the grants resource, and preventDestroy is off, so nothing stops it: the replacement revokes every grant of the old app.');
  });

  test('a hostile allowEmpty reason is one inert code span in the lead section', () => {
    const head = BASE.replace('    domain: acme.okta.com\n', '    domain: acme.okta.com\n    allowEmpty: {reason: "a `` b\\n# heading <img src=x> | c"}\n');
    const md = renderReview('markdown', reviewChange(project(head), gitBase(BASE)), ctx);
    const line = md.split('\n').find((l) => l.includes('WFS111')) as string;
    expect(line).toBe(
      '- :warning: **prod** · **WFS111 allow-empty-changed**: `allowEmpty` changes from `off` to ```on: a `` b # heading <img src=x> | c```. ' +
        'No stack is synthesized for this org any more: its grants stay as they are, no longer managed.',
    );
    expect(md).not.toMatch(/^# heading/m);
  });
});
