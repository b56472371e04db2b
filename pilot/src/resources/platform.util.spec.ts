import { describe, expect, it } from '@jest/globals';
import { platformString } from './platform.util.js';

describe(platformString.name, () => {
  it('writes the platform as DIRAC does', () => {
    expect(platformString('Linux', 'x86_64', '2.36')).toBe('Linux_x86_64_glibc-2.36');
  });

  it('leaves the C library out when it is not glibc', () => {
    expect(platformString('Linux', 'aarch64', null)).toBe('Linux_aarch64');
  });
});
