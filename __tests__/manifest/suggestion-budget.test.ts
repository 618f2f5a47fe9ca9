import { loadProjectText } from '../../src/core/project';
import { UserError, type Diagnostic } from '../../src/util/diagnostics';
import { SuggestionBudget } from '../../src/util/suggest';

function errorsOf(text: string): Diagnostic[] {
  try {
    loadProjectText(text, 'scopes.yaml');
  } catch (err) {
    if (err instanceof UserError) return err.diagnostics.filter((d) => d.code === 'unknown-card');
    throw err;
  }
  throw new Error('expected the declaration to be refused');
}

describe('did-you-mean is bounded per run', () => {
  test('the budget allows its first uses and refuses the rest', () => {
    const b = new SuggestionBudget(2);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
  });

  test('the first 200 unknown cards get their suggestion; the ones after say none was looked for', () => {
    const cards = Array.from({ length: 205 }, (_, i) => `      - Okta/Read Usr${' '.repeat(i % 2)}`).join('\n');
    const errors = errorsOf(`version: 1\norgs: [{name: prod, domain: acme.okta.com}]\nflows:\n  - name: F\n    cards:\n${cards}\n`);
    expect(errors).toHaveLength(205);
    expect(errors[0].message).toBe('unknown card `Okta/Read Usr`');
    expect(errors[0].hint).toContain('did you mean `Okta/Read User`?');
    expect(errors[199].hint).toContain('did you mean');
    expect(errors[200].message).toBe('unknown card `Okta/Read Usr`');
    expect(errors[200].loc?.line).toBe(206);
    expect(errors[200].hint).toBe('check the card name in the Workflows console, or declare it under customCards with its scopes (no suggestion looked for: more than 200 unknown cards)');
    expect(errors.slice(200).every((e) => !e.hint?.includes('did you mean'))).toBe(true);
  });
});
