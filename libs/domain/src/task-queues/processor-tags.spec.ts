import { describe, expect, it } from '@jest/globals';
import { processorTags, slotOffersTag } from './processor-tags.js';

describe(processorTags.name, () => {
  it('derives nothing for a single-core job', () => {
    expect(processorTags({ minProcessors: 1, maxProcessors: 1, wholeNode: false })).toEqual([]);
  });

  it('tags an exact count above one with MultiProcessor and <n>Processors', () => {
    expect(processorTags({ minProcessors: 8, maxProcessors: 8, wholeNode: false })).toEqual(['MultiProcessor', '8Processors']);
  });

  it('tags a range starting above one with MultiProcessor only', () => {
    expect(processorTags({ minProcessors: 2, maxProcessors: null, wholeNode: false })).toEqual(['MultiProcessor']);
    expect(processorTags({ minProcessors: 2, maxProcessors: 4, wholeNode: false })).toEqual(['MultiProcessor']);
  });

  it('does not tag a range that may run on one core', () => {
    expect(processorTags({ minProcessors: 1, maxProcessors: 4, wholeNode: false })).toEqual([]);
  });

  it('tags a whole-node job WholeNode and MultiProcessor, as DIRAC does', () => {
    expect(processorTags({ minProcessors: 1, maxProcessors: 1, wholeNode: true })).toEqual(['WholeNode', 'MultiProcessor']);
  });
});

describe(slotOffersTag.name, () => {
  const slot = { tags: ['GPU'], processors: 8, wholeNode: false };

  it('offers the tags it lists', () => {
    expect(slotOffersTag(slot, 'GPU')).toBe(true);
    expect(slotOffersTag(slot, 'gpu')).toBe(false);
    expect(slotOffersTag(slot, 'CVMFS')).toBe(false);
  });

  it('offers the processor tags its size implies', () => {
    expect(slotOffersTag(slot, 'MultiProcessor')).toBe(true);
    expect(slotOffersTag(slot, '8Processors')).toBe(true);
    expect(slotOffersTag(slot, '4Processors')).toBe(true);
    expect(slotOffersTag(slot, '16Processors')).toBe(false);
    expect(slotOffersTag(slot, 'WholeNode')).toBe(false);
  });

  it('offers WholeNode only on a whole-node slot and MultiProcessor only from two processors', () => {
    expect(slotOffersTag({ tags: [], processors: 1, wholeNode: true }, 'WholeNode')).toBe(true);
    expect(slotOffersTag({ tags: [], processors: 1, wholeNode: true }, 'MultiProcessor')).toBe(false);
  });
});
