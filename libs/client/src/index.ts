export * from './client.error.js';
export * from './majorana-client.js';
export type { SandboxSource, SavedArchive } from './sandbox-io.js';
