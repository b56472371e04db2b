/** Jest runs in native ESM mode (NestJS 12 is ESM-only); see README "Tests". */
export default {
  testEnvironment: 'node',
  // Two workers on two cores: the end-to-end suites mostly wait on pilots, batch systems and child
  // processes, so two at a time take the run from ~14 to ~6 minutes (CI has 20 for everything).
  maxWorkers: 2,
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test', '<rootDir>/pilot'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@majorana/server$': '<rootDir>/apps/server/src/index.ts',
    '^@majorana/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
    // Sources, not dist: one MajoranaException class for the whole test run (instanceof must hold).
    '^@majorana/domain/errors$': '<rootDir>/libs/domain/src/errors/majorana.exception.ts',
    '^@majorana/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};
