/** Jest runs the TypeScript sources as native ES modules, transformed by swc (no type checking: `npm run typecheck` does that). */
export default {
  testEnvironment: 'node',
  // Resolve this package's own `exports` (graphql-upload-tickets/client, used by examples/) to the
  // TypeScript sources, as tsconfig.json's customConditions does for the typecheck.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'upload-tickets-source'] },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The security suite has its own command and store: `npm run test:security` (jest.security.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/security/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'es6' },
      },
    ],
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Two cores: one worker per core; each test file gets its own database and storage.
  maxWorkers: 2,
  testTimeout: 30_000,
};
