import { describe, expect, it } from '@jest/globals';
import { taskQueueMatchesResource } from '@majorana/domain';
import { ceDeclaration } from '../testing/ce-declaration.fixture.js';
import { taskQueueDefinition } from '../testing/task-queue-definition.fixture.js';
import { queueResource } from './queue-resource.js';

const declaration = ceDeclaration();
const resource = queueResource(declaration);
const matches = (overrides: Parameters<typeof taskQueueDefinition>[0], banned: string[] = []): boolean =>
  taskQueueMatchesResource(taskQueueDefinition(overrides), resource, new Set(banned)).matched;

describe(queueResource.name, () => {
  it('offers the queue: CPU limit × normalisation in HS06·s, its platform, the pilot slots and memory tags', () => {
    expect(resource).toMatchObject({
      site: 'LCG.Example.org',
      ce: 'hpc.example.org',
      cpuTimeLeft: 864_000,
      platforms: ['Linux_x86_64_glibc-2.36'],
      processors: 4,
      wholeNode: false,
      ramMB: 8192,
    });
    expect(resource.tags).toEqual(expect.arrayContaining(['4Processors', 'MultiProcessor', '8GB']));
  });

  it("offers no more than the pilot's own lifetime when it is shorter than the queue's limit", () => {
    const shortLived = queueResource(ceDeclaration({ pilot: { slots: 4, maxTimeS: 3600 } }));
    expect(shortLived.cpuTimeLeft).toBe(36_000);
  });

  it('matches ordinary work and work within the CPU limit, platform, tags and cores', () => {
    expect(matches({})).toBe(true);
    expect(matches({ cpuTime: 864_000, platforms: ['Linux_x86_64_glibc-2.36'], minProcessors: 4 })).toBe(true);
    expect(
      taskQueueMatchesResource(
        taskQueueDefinition({ tags: ['GPU'] }),
        queueResource(ceDeclaration({ queue: { ...declaration.queue, tags: ['GPU'] } })),
        new Set(),
      ).matched,
    ).toBe(true);
  });

  it('refuses work beyond the queue CPU limit, for another platform, more cores, a missing tag or a banned site', () => {
    expect(matches({ cpuTime: 864_001 })).toBe(false);
    expect(matches({ platforms: ['EL9-aarch64'] })).toBe(false);
    expect(matches({ minProcessors: 8 })).toBe(false);
    expect(matches({ tags: ['GPU'] })).toBe(false);
    expect(matches({}, ['LCG.Example.org'])).toBe(false);
  });
});
