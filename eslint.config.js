// ESLint 9 flat config: typescript-eslint's recommended rules (syntactic: fast, no type information
// needed), plus the rules the code's own eslint-disable comments refer to.
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/', 'cdktf.out/', '.gen/', 'coverage/', 'bench/out/', 'test-output/', 'node_modules/', '.eslintcache'] },
  ...tseslint.configs.recommended,
  // A disable comment that no longer suppresses anything is an error: each one must mean something.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Commands write through io (stdout/stderr of CliIo); a test prints only a deliberate notice.
      'no-console': 'error',
      // An unused parameter kept for a shared signature is named _x (the diff formatters in src/output/diff).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The bin entry, the build and bench scripts and the jest setup are CommonJS run by Node directly.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
);
