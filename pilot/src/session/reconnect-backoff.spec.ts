import { describe, expect, it } from '@jest/globals';
import { reconnectDelayMs } from './reconnect-backoff.js';

describe(reconnectDelayMs.name, () => {
  const middle = () => 0.5;

  it('starts at 1 s and doubles up to 60 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => reconnectDelayMs(attempt, middle))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('spreads each delay by at most 20% either way', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(800);
    expect(reconnectDelayMs(0, () => 0.999_999)).toBe(1200);
    expect(reconnectDelayMs(10, () => 0)).toBe(48_000);
    expect(reconnectDelayMs(10, () => 0.999_999)).toBe(72_000);
  });
});
