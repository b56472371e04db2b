import { describe, expect, it } from '@jest/globals';
import { exceededLimit } from './job-limits.util.js';

const NO_LIMITS = { cpuTimeS: null, wallTimeS: null, memoryMiB: null };

describe(exceededLimit.name, () => {
  it('is null within every limit, and at a limit exactly', () => {
    expect(exceededLimit({ cpuTimeS: 10, wallTimeS: 20, memoryMiB: 100 }, { cpuTimeS: 10, wallTimeS: 20, memoryMiB: 100 })).toBeNull();
  });

  it('ignores limits that are not set', () => {
    expect(exceededLimit({ cpuTimeS: 1e9, wallTimeS: 1e9, memoryMiB: 1e9 }, NO_LIMITS)).toBeNull();
  });

  it('names each limit that is passed', () => {
    expect(exceededLimit({ cpuTimeS: 11, wallTimeS: 0, memoryMiB: 0 }, { ...NO_LIMITS, cpuTimeS: 10 })).toBe('Exceeded CPU time limit');
    expect(exceededLimit({ cpuTimeS: 0, wallTimeS: 21, memoryMiB: 0 }, { ...NO_LIMITS, wallTimeS: 20 })).toBe(
      'Exceeded wall-clock time limit',
    );
    expect(exceededLimit({ cpuTimeS: 0, wallTimeS: 0, memoryMiB: 101 }, { ...NO_LIMITS, memoryMiB: 100 })).toBe('Exceeded memory limit');
  });

  it('names the CPU limit first when several are passed', () => {
    expect(exceededLimit({ cpuTimeS: 11, wallTimeS: 21, memoryMiB: 101 }, { cpuTimeS: 10, wallTimeS: 20, memoryMiB: 100 })).toBe(
      'Exceeded CPU time limit',
    );
  });
});
