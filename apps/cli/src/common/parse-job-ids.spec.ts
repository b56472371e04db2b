import { describe, expect, it } from '@jest/globals';
import { jobIdsFromText, parseJobIds } from './parse-job-ids.js';

describe(parseJobIds.name, () => {
  it('reads space- and comma-separated IDs as DIRAC does, dropping repeats', () => {
    expect(parseJobIds(['1,2', '3', ' 4 ,5,', '2'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses what is not a positive whole number, naming it', () => {
    expect(() => parseJobIds(['12', 'x7'])).toThrow('"x7" is not a job ID');
    expect(() => parseJobIds(['0'])).toThrow('"0" is not a job ID');
  });

  it('reads an ID file with comments and blank lines', () => {
    expect(jobIdsFromText('11\n12 # the second\n\n13,14\n')).toEqual([11, 12, 13, 14]);
  });
});
