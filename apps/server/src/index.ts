export * from './config/server-config.js';
export * from './app/create-server-app.js';
export * from './app/start-server.js';
export { type ServerDependencies } from './app/app.module.js';
export * from './app/openapi-document.js';
export * from './agents/start-agents.js';
