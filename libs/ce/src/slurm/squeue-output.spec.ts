import { describe, expect, it } from '@jest/globals';
import { buildSqueueArgs, isSqueueUnknownJobError, parseExitRecords, parseSqueueOutput } from './squeue-output.js';

describe(buildSqueueArgs.name, () => {
  it('asks once for every job, finished ones included', () => {
    expect(buildSqueueArgs(['12', '13', '20'])).toEqual(['squeue', '--states=all', '--jobs=12,13,20', '--noheader', '--format=%i|%T']);
  });
});

describe(parseSqueueOutput.name, () => {
  it('reads the state of each job as squeue 22.05 prints it', () => {
    const stdout = '12|COMPLETED\n13|FAILED\n20|RUNNING\n21|PENDING\n22|CANCELLED\n';
    expect(parseSqueueOutput(stdout)).toEqual(
      new Map([
        ['12', 'COMPLETED'],
        ['13', 'FAILED'],
        ['20', 'RUNNING'],
        ['21', 'PENDING'],
        ['22', 'CANCELLED'],
      ]),
    );
  });

  it('skips array tasks, het job parts, blank lines and noise', () => {
    expect(parseSqueueOutput('12_3|RUNNING\n12+0|RUNNING\n\nsqueue: warning\n  14|PENDING  \n')).toEqual(new Map([['14', 'PENDING']]));
  });
});

describe(isSqueueUnknownJobError.name, () => {
  it("recognises squeue's answer for a single forgotten job", () => {
    expect(isSqueueUnknownJobError('slurm_load_jobs error: Invalid job id specified\n')).toBe(true);
    expect(isSqueueUnknownJobError('slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n')).toBe(false);
  });
});

describe(parseExitRecords.name, () => {
  it('reads recorded exit codes, leaving out damaged records', () => {
    expect(parseExitRecords('12 0\n13 3\n14 \n15 x\n')).toEqual(
      new Map([
        ['12', 0],
        ['13', 3],
      ]),
    );
  });
});
