import { describe, expect, it } from '@jest/globals';
import { claimFits, claimedMemoryMiB, freeCapacity, nextWorkRequest } from './slot-packer.js';

const PILOT = { slots: 8, memoryMiB: 16 * 1024 };
const single = { processors: 1, maxRamMiB: null };

describe(freeCapacity.name, () => {
  it('is the whole pilot when nothing runs', () => {
    expect(freeCapacity(PILOT, [])).toEqual(PILOT);
  });

  it('takes processors and declared or per-slot memory of each running job', () => {
    expect(freeCapacity(PILOT, [single, { processors: 4, maxRamMiB: 10_000 }])).toEqual({ slots: 3, memoryMiB: 16 * 1024 - 2048 - 10_000 });
  });

  it('never goes below zero', () => {
    expect(freeCapacity(PILOT, [{ processors: 9, maxRamMiB: 99_999 }])).toEqual({ slots: 0, memoryMiB: 0 });
  });
});

describe(claimedMemoryMiB.name, () => {
  it("counts a job without MaxRAM as its processors' share of the memory", () => {
    expect(claimedMemoryMiB(PILOT, { processors: 2, maxRamMiB: null })).toBe(4096);
    expect(claimedMemoryMiB(PILOT, { processors: 2, maxRamMiB: 100 })).toBe(100);
  });
});

describe(nextWorkRequest.name, () => {
  it('offers every free slot at once, so a single-core job can use any idle core', () => {
    const request = nextWorkRequest(PILOT, [{ processors: 4, maxRamMiB: null }, single], 3600.7);

    expect(request).toEqual({
      freeSlots: 3,
      resources: {
        processors: 3,
        memoryMiB: 6144,
        timeLeftS: 3600,
        tags: ['3Processors', 'MultiProcessor', '1GB', '2GB', '3GB', '4GB', '5GB', '6GB'],
      },
    });
  });

  it('offers a single slot without the MultiProcessor tag', () => {
    expect(
      nextWorkRequest(
        PILOT,
        Array.from({ length: 7 }, () => single),
        60,
      )?.resources.tags,
    ).toEqual(['1Processors', '1GB', '2GB']);
  });

  it('asks for nothing when every slot is busy', () => {
    expect(nextWorkRequest(PILOT, [{ processors: 8, maxRamMiB: null }], 60)).toBeNull();
  });
});

describe(claimFits.name, () => {
  it('fits a multi-core job only when enough slots and memory are free', () => {
    const running = [{ processors: 4, maxRamMiB: null }];
    expect(claimFits(PILOT, running, { processors: 4, maxRamMiB: null })).toBe(true);
    expect(claimFits(PILOT, running, { processors: 5, maxRamMiB: null })).toBe(false);
    expect(claimFits(PILOT, running, { processors: 2, maxRamMiB: 9000 })).toBe(false);
  });
});
