import { describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { execFileRunner } from './command-runner.js';
import { discoverResources } from './discover-resources.js';
import { type SystemProbe, nodeSystemProbe } from './system-probe.js';
import { UNLIMITED_TIME_LEFT_S } from './time-left.util.js';

const NOW = Date.UTC(2025, 10, 25, 12, 0, 0);
const clock = { now: () => NOW };
const GIB = 1024 ** 3;

/** A worker node of known size: 16 cores, 64 GiB, 100 GiB free, glibc 2.34. */
function node(overrides: Partial<SystemProbe> = {}): SystemProbe {
  return {
    availableParallelism: () => 16,
    totalMemoryBytes: () => 64 * GIB,
    memoryLimitBytes: () => Promise.resolve(null),
    freeDiskBytes: () => Promise.resolve(100 * GIB),
    osName: () => 'Linux',
    machine: () => 'x86_64',
    glibcVersion: () => '2.34',
    ...overrides,
  };
}

const noBatch = { run: () => Promise.resolve({ exitCode: null, stdout: '', stderr: '' }) };

describe(discoverResources.name, () => {
  it('offers every core as a slot by default', async () => {
    const { resources, deadlineMs } = await discoverResources({ env: {}, clock, probe: node(), runner: noBatch });

    expect(resources).toMatchObject({
      processors: 16,
      slots: 16,
      memoryMiB: 65536,
      diskMiB: 102400,
      timeLeftS: UNLIMITED_TIME_LEFT_S,
      platform: 'Linux_x86_64_glibc-2.34',
    });
    expect(resources.tags.slice(0, 3)).toEqual(['16Processors', 'MultiProcessor', '1GB']);
    expect(resources.tags.at(-1)).toBe('64GB');
    expect(deadlineMs).toBeNull();
  });

  it('offers the slots it is given and the time --max-time allows', async () => {
    const { resources, deadlineMs } = await discoverResources({ slots: 4, maxTimeS: 7200, env: {}, clock, probe: node(), runner: noBatch });

    expect(resources).toMatchObject({ processors: 4, slots: 4, timeLeftS: 7200 });
    expect(resources.tags.slice(0, 2)).toEqual(['4Processors', 'MultiProcessor']);
    expect(deadlineMs).toBe(NOW + 7_200_000);
  });

  it('offers no more memory than its control group allows', async () => {
    const { resources } = await discoverResources({
      env: {},
      clock,
      probe: node({ memoryLimitBytes: () => Promise.resolve(8 * GIB) }),
      runner: noBatch,
    });

    expect(resources.memoryMiB).toBe(8192);
  });

  it('measures this machine', async () => {
    const { resources } = await discoverResources({ env: {}, clock, workDir: tmpdir(), probe: nodeSystemProbe, runner: execFileRunner });

    expect(resources.processors).toBeGreaterThanOrEqual(1);
    expect(resources.memoryMiB).toBeGreaterThan(0);
    expect(resources.diskMiB).toBeGreaterThan(0);
    expect(resources.platform).toMatch(/^Linux_(x86_64|aarch64)(_glibc-\d+\.\d+)?$/);
  });
});
