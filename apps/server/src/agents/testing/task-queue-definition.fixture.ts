import type { TaskQueueDefinition } from '@majorana/domain';

/** A task queue of one User job any Local pilot can run; override what the test is about. */
export function taskQueueDefinition(overrides: Partial<TaskQueueDefinition> = {}): TaskQueueDefinition {
  return {
    owner: 'alice',
    ownerGroup: 'user',
    vo: 'majorana',
    cpuTime: 86_400,
    sites: [],
    bannedSites: [],
    platforms: [],
    tags: [],
    jobTypes: ['User'],
    minProcessors: 1,
    maxProcessors: null,
    wholeNode: false,
    maxRAM: null,
    gridCEs: [],
    ...overrides,
  };
}
