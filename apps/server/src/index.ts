export * from './config/server-config.js';
export * from './app/create-server-app.js';
