import * as path from 'node:path';
import { displayPath } from '../../src/util/paths';

describe('displayPath (every report: findings, review, scan)', () => {
  const cwd = path.resolve('/work/repo');
  it('is relative to baseDir with / separators inside it', () => {
    expect(displayPath('sub/scopes.yaml', cwd)).toBe('sub/scopes.yaml');
    expect(displayPath(path.join(cwd, 'a', 'b.flow'), cwd)).toBe('a/b.flow');
    expect(displayPath('scopes.yaml', path.join(cwd, 'sub'), cwd)).toBe('sub/scopes.yaml');
  });
  it('treats a folder whose name starts with two dots as inside', () => {
    expect(displayPath('..dots/a.flow', cwd)).toBe('..dots/a.flow');
    expect(displayPath('..dots/a.flow', path.join(cwd, 'x'), cwd)).toBe('x/..dots/a.flow');
  });
  it('shows a file outside baseDir as given, never as the machine\'s absolute folder', () => {
    expect(displayPath('../other/scopes.yaml', cwd)).toBe('../other/scopes.yaml');
    expect(displayPath('/elsewhere/a.flow', cwd)).toBe('/elsewhere/a.flow');
    expect(displayPath('.', cwd)).toBe('.');
  });
});
