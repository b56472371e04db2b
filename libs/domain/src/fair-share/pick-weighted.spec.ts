import { describe, expect, it } from '@jest/globals';
import { ODD_WEIGHTS } from '../testing/odd-weights.js';
import { pickWeighted } from './pick-weighted.js';

const fixed = (value: number) => () => value;

describe(pickWeighted.name, () => {
  const candidates = [
    { item: 'a', weight: 1 },
    { item: 'b', weight: 3 },
  ];

  it('gives each candidate a slice of [0, 1) as wide as its weight', () => {
    expect(pickWeighted(candidates, fixed(0))).toBe('a');
    expect(pickWeighted(candidates, fixed(0.2499))).toBe('a');
    expect(pickWeighted(candidates, fixed(0.25))).toBe('b');
    expect(pickWeighted(candidates, fixed(0.9999999))).toBe('b');
  });

  it('never picks a weight that is zero, negative or not a number', () => {
    for (const value of [0, 0.3, 0.7, 0.9999]) {
      expect(pickWeighted(ODD_WEIGHTS, fixed(value))).toBe('only');
    }
  });

  it('picks nothing when no candidate has a positive weight', () => {
    expect(pickWeighted([], fixed(0.5))).toBeUndefined();
    expect(pickWeighted([{ item: 'a', weight: 0 }], fixed(0.5))).toBeUndefined();
  });

  it('gives the last candidate a random value that rounds up to the total', () => {
    expect(pickWeighted(candidates, fixed(1))).toBe('b');
  });

  it('calls random once per pick', () => {
    let calls = 0;
    pickWeighted(candidates, () => {
      calls += 1;
      return 0.5;
    });
    expect(calls).toBe(1);
  });
});
