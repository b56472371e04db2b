import { describe, expect, it } from '@jest/globals';
import { MAX_MEMORY_TAG_GIB, resourceTags } from './resource-tags.util.js';

describe(resourceTags.name, () => {
  it('tags a single processor and each whole GiB of memory', () => {
    expect(resourceTags(1, 3000)).toEqual(['1Processors', '1GB', '2GB']);
  });

  it('adds MultiProcessor for more than one processor', () => {
    expect(resourceTags(8, 1024)).toEqual(['8Processors', 'MultiProcessor', '1GB']);
  });

  it('has no memory tag below 1 GiB', () => {
    expect(resourceTags(2, 1023)).toEqual(['2Processors', 'MultiProcessor']);
  });

  it("stops memory tags where a fat node would pass the protocol's 256 tags", () => {
    const tags = resourceTags(64, 2048 * 1024);

    expect(tags).toHaveLength(2 + MAX_MEMORY_TAG_GIB);
    expect(tags.at(-1)).toBe(`${MAX_MEMORY_TAG_GIB}GB`);
  });
});
