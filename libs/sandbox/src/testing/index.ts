export * from './raw-tar.js';
export * from './zip-bomb.js';
export * from './sandbox-dirs.js';
