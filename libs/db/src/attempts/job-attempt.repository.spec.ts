import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import { JobAttemptRepository, type NewJobAttempt } from './job-attempt.repository.js';

const attempt = (jobId: number, number: number): NewJobAttempt => ({
  jobId,
  attempt: number,
  fencingToken: `token-${jobId}-${number}`,
  matchedAt: T0 + number,
  site: 'LCG.CERN.ch',
  ce: 'ce01.cern.ch',
});

describe(JobAttemptRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: JobAttemptRepository;
    beforeAll(() => {
      sut = new JobAttemptRepository(getDataSource());
    });

    it('returns the latest attempt of a job as its current one', async () => {
      await sut.create(attempt(1, 1));
      await sut.create({ ...attempt(1, 2), pilotRef: 'slurm://ce01/123' });

      expect(await sut.current(1)).toEqual({ ...attempt(1, 2), pilotRef: 'slurm://ce01/123' });
      expect((await sut.list(1)).map((each) => each.attempt)).toEqual([1, 2]);
      expect(await sut.current(2)).toBeNull();
    });

    it('refuses a second attempt with the same number (a match that lost a race)', async () => {
      await sut.create(attempt(3, 1));
      await expect(sut.create({ ...attempt(3, 1), fencingToken: 'other' })).rejects.toThrow();
      expect((await sut.current(3))?.fencingToken).toBe('token-3-1');
    });

    it('notes the pilot of an attempt', async () => {
      await sut.create(attempt(4, 1));

      expect(await sut.setPilotRef(4, 1, 'local://42')).toBe(true);
      expect(await sut.setPilotRef(4, 2, 'local://43')).toBe(false);
      expect((await sut.current(4))?.pilotRef).toBe('local://42');
    });
  });
});
