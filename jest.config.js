/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // tsconfig's isolatedModules makes ts-jest transpile each file alone (fast); `npm run build`
  // type-checks everything.
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testTimeout: 60000,
  globalSetup: '<rootDir>/__tests__/global-setup.js',
};
