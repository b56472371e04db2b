export * from './agent-lease.repository.js';
export * from './stalled-job.repository.js';
