import { describe, expect, it } from '@jest/globals';
import { UNLIMITED_TIME_LEFT_S, parseSlurmTimeLeft, timeLeftS } from './time-left.util.js';

describe(parseSlurmTimeLeft.name, () => {
  it.each([
    ['1-02:03:04', 93784],
    ['02:03:04', 7384],
    ['3:04', 184],
    ['0:30', 30],
    ['45', 2700],
    ['2-03', 183600],
    ['2-03:04', 183840],
    ['  12:00:00\n', 43200],
  ])('reads %j as %i seconds', (text, seconds) => {
    expect(parseSlurmTimeLeft(text)).toBe(seconds);
  });

  it.each([['UNLIMITED'], ['NOT_SET'], ['INVALID'], [''], ['1:2:3:4']])('gives null for %j', (text) => {
    expect(parseSlurmTimeLeft(text)).toBeNull();
  });
});

describe(timeLeftS.name, () => {
  it('counts whole seconds down to the deadline, never below zero', () => {
    expect(timeLeftS(10_999, 1_000)).toBe(9);
    expect(timeLeftS(1_000, 5_000)).toBe(0);
  });

  it('is the unlimited value, which fits 32 bits, without a deadline', () => {
    expect(timeLeftS(null, 123)).toBe(UNLIMITED_TIME_LEFT_S);
    expect(UNLIMITED_TIME_LEFT_S).toBeLessThan(2 ** 31);
  });
});
