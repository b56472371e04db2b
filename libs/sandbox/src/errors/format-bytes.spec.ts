import { describe, expect, it } from '@jest/globals';
import { formatBytes } from './format-bytes.js';

describe(formatBytes.name, () => {
  it.each([
    [0, '0 B'],
    [1000, '1000 B'],
    [1024, '1 KiB'],
    [100_000, '97.7 KiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [Math.round(12.34 * 1024 * 1024), '12.3 MiB'],
    [1024 ** 3, '1 GiB'],
  ])('writes %d bytes as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
