// Test helpers only: not part of the built library (tsconfig.build.json leaves src/testing out).
export * from './job-fixtures.js';
export * from './test-databases.js';
