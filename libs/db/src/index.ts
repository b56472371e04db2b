// Persistence for the WMS server: one code path over SQLite (embedded) and MariaDB (replicas).
// Entities stay inside: repositories return the plain records exported here.
export * from './db.exception.js';
export * from './data-source/create-data-source.js';
export { parseDatabaseUrl, type MysqlConnectionSettings } from './data-source/parse-database-url.js';
export { type DatabaseKind } from './data-source/sql-dialect.js';
export * from './migrations/run-migrations.js';
export * from './jobs/job-record.js';
export * from './jobs/job-search-query.js';
export * from './jobs/job.repository.js';
export * from './task-queues/task-queue-record.js';
export * from './task-queues/task-queue.repository.js';
export * from './task-queues/waiting-job.repository.js';
export * from './attempts/job-attempt.repository.js';
export * from './matching/match.repository.js';
export * from './sites/site-mask.repository.js';
export * from './identity/user.repository.js';
export * from './identity/group.repository.js';
export * from './identity/issued-token.repository.js';
export * from './sandboxes/sandbox.repository.js';
export * from './pilots/pilot.repository.js';
export * from './pilots/pilot-output.repository.js';
export * from './pilots/job-report.repository.js';
export * from './agents/index.js';
export * from './computing-elements/computing-element.repository.js';
