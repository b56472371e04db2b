export * from './api-types.js';
export * from './client.error.js';
export * from './majorana-client.js';
export * from './token-claims.js';
export type { SandboxSource, SavedArchive } from './sandbox-io.js';
