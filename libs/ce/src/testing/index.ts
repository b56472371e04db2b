// Test helpers only: not part of the built library (tsconfig.build.json leaves src/testing out).
export * from './ce-conformance.js';
export * from './ce-output-lines.js';
export * from './eventually.js';
