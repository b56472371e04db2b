import { describe, expect, it } from '@jest/globals';
import { cpuTimeSegment, longestSegmentWithin } from './cpu-time-segment.js';

describe(cpuTimeSegment.name, () => {
  it.each([
    [1, 360],
    [360, 360],
    [361, 1800],
    [3600, 3600],
    [3601, 21600],
    [86_400, 86_400],
    [100_000, 172_800],
    [500_000, 518_400],
    [1_000_000, 1_080_000],
    [1_080_000, 1_080_000],
  ])('rounds %d HS06·s up to the %d segment', (cpuTime, segment) => {
    expect(cpuTimeSegment(cpuTime)).toBe(segment);
  });

  it('clamps a time beyond the longest segment to it', () => {
    expect(cpuTimeSegment(5_000_000)).toBe(1_080_000);
    expect(cpuTimeSegment(Number.NaN)).toBe(1_080_000);
  });
});

describe(longestSegmentWithin.name, () => {
  it('finds the longest segment a slot can still take', () => {
    expect(longestSegmentWithin(60_000)).toBe(43_200);
    expect(longestSegmentWithin(86_400)).toBe(86_400);
    expect(longestSegmentWithin(2_000_000)).toBe(1_080_000);
  });

  it('finds none for a slot shorter than the shortest segment', () => {
    expect(longestSegmentWithin(359)).toBeNull();
  });
});
