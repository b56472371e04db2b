export * from './agent-lease.repository.js';
export * from './cleaning.repository.js';
export * from './stalled-job.repository.js';
