export * from './client.error.js';
export * from './majorana-client.js';
