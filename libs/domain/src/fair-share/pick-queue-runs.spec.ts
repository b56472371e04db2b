import { describe, expect, it } from '@jest/globals';
import { ODD_WEIGHTS } from '../testing/odd-weights.js';
import { mulberry32 } from '../testing/seeded-random.js';
import { pickQueueRuns } from './pick-queue-runs.js';

const counts = <T>(items: readonly T[]) => {
  const found = new Map<T, number>();
  for (const item of items) {
    found.set(item, (found.get(item) ?? 0) + 1);
  }
  return found;
};

describe(pickQueueRuns.name, () => {
  it('gives consecutive slots the same queue, one pick per run of runLength', () => {
    const random = mulberry32(1);
    const candidates = Array.from({ length: 200 }, (_, index) => ({ item: index, weight: 1 }));
    const picks = pickQueueRuns(candidates, 64, 4, random);
    expect(picks).toHaveLength(64);
    for (let run = 0; run < 16; run++) {
      expect(new Set(picks.slice(run * 4, run * 4 + 4)).size).toBe(1);
    }
    // 16 evenly spaced points over 200 equal weights land on 16 different queues.
    expect(new Set(picks).size).toBe(16);
  });

  it('splits a batch between queues as the weights say, to within one run', () => {
    const random = mulberry32(2);
    const candidates = [
      { item: 'alpha', weight: 3 },
      { item: 'beta', weight: 1 },
    ];
    for (let batch = 0; batch < 200; batch++) {
      const found = counts(pickQueueRuns(candidates, 64, 4, random));
      // 16 runs: 12 and 4 exactly, whatever the offset (systematic sampling).
      expect(found.get('alpha')).toBe(48);
      expect(found.get('beta')).toBe(16);
    }
  });

  it('draws every slot with probability proportional to the weights, whatever its position in the batch', () => {
    const random = mulberry32(3);
    const candidates = [
      { item: 'a', weight: 1 },
      { item: 'b', weight: 2 },
      { item: 'c', weight: 7 },
    ];
    const batches = 20_000;
    const firstSlot = new Map<string, number>();
    const lastSlot = new Map<string, number>();
    for (let batch = 0; batch < batches; batch++) {
      const picks = pickQueueRuns(candidates, 10, 4, random);
      firstSlot.set(picks[0]!, (firstSlot.get(picks[0]!) ?? 0) + 1);
      lastSlot.set(picks[9]!, (lastSlot.get(picks[9]!) ?? 0) + 1);
    }
    for (const [item, weight] of [
      ['a', 0.1],
      ['b', 0.2],
      ['c', 0.7],
    ] as const) {
      // Without the shuffle the first run would always take the low end of the weights ('a' or 'b').
      expect((firstSlot.get(item) ?? 0) / batches).toBeCloseTo(weight, 1);
      expect((lastSlot.get(item) ?? 0) / batches).toBeCloseTo(weight, 1);
    }
  });

  it('picks one queue for a batch of one, as pickWeighted would', () => {
    const candidates = [
      { item: 'a', weight: 1 },
      { item: 'b', weight: 3 },
    ];
    expect(pickQueueRuns(candidates, 1, 4, () => 0.2)).toEqual(['a']);
    expect(pickQueueRuns(candidates, 1, 4, () => 0.3)).toEqual(['b']);
    expect(pickQueueRuns(candidates, 1, 4, () => 0.9999999999)).toEqual(['b']);
  });

  it('never picks a weight that is zero, negative or not a finite number, and picks nothing without one', () => {
    expect(new Set(pickQueueRuns(ODD_WEIGHTS, 64, 4, mulberry32(4)))).toEqual(new Set(['only']));
    expect(pickQueueRuns([{ item: 'a', weight: 0 }], 8, 4, mulberry32(5))).toEqual([]);
    expect(pickQueueRuns([], 8, 4, mulberry32(6))).toEqual([]);
    expect(pickQueueRuns(ODD_WEIGHTS, 0, 4, mulberry32(7))).toEqual([]);
  });

  it('refuses a run length that is not a positive integer', () => {
    expect(() => pickQueueRuns([{ item: 'a', weight: 1 }], 8, 0, Math.random)).toThrow(RangeError);
    expect(() => pickQueueRuns([{ item: 'a', weight: 1 }], 8, 2.5, Math.random)).toThrow(RangeError);
  });
});
