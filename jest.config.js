/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // ts-jest type-checks each file; isolatedModules keeps the suite fast, `npm run build` type-checks all.
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 60000,
  globalSetup: '<rootDir>/__tests__/global-setup.js',
};
