export * from './errors/majorana.exception.js';
export * from './jobs/job-status.js';
