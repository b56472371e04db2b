import { describe, expect, it } from '@jest/globals';
import { taskQueueMatchesResource } from '@majorana/domain';
import { taskQueueDefinition } from '../testing/task-queue-definition.fixture.js';
import { localCeResource } from './local-ce-resource.js';

const machine = { memoryMiB: 4 * 1024 + 100, platform: 'Linux_x86_64_glibc-2.36', cores: 8 };
const resource = localCeResource({ site: 'Local.localhost', ce: 'local', slots: 8, machine });

const queue = taskQueueDefinition;

describe(localCeResource.name, () => {
  it('offers what a fresh pilot of the Local CE announces: its slots, this platform, tags by processors and memory', () => {
    expect(resource).toMatchObject({
      site: 'Local.localhost',
      ce: 'local',
      processors: 8,
      wholeNode: true,
      platforms: ['Linux_x86_64_glibc-2.36'],
      tags: ['8Processors', 'MultiProcessor', '1GB', '2GB', '3GB', '4GB'],
      requiredTags: [],
      ramMB: 4 * 1024 + 100,
    });
  });

  it('takes ordinary jobs, and jobs sent to Local.localhost or the local CE', () => {
    expect(taskQueueMatchesResource(queue(), resource, new Set()).matched).toBe(true);
    expect(taskQueueMatchesResource(queue({ sites: ['Local.localhost'], gridCEs: ['local'] }), resource, new Set()).matched).toBe(true);
    expect(taskQueueMatchesResource(queue({ cpuTime: 10_000_000_000 }), resource, new Set()).matched).toBe(true);
  });

  it('refuses jobs for other sites, more processors or memory than this machine, or when the site is banned', () => {
    expect(taskQueueMatchesResource(queue({ sites: ['LCG.CERN.ch'] }), resource, new Set()).matched).toBe(false);
    expect(taskQueueMatchesResource(queue({ minProcessors: 16 }), resource, new Set()).matched).toBe(false);
    expect(taskQueueMatchesResource(queue({ tags: ['8GB'] }), resource, new Set()).matched).toBe(false);
    expect(taskQueueMatchesResource(queue(), resource, new Set(['Local.localhost'])).matched).toBe(false);
  });
});
