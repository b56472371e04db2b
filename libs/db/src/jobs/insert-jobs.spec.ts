import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { JobRepository } from './job.repository.js';

const COUNT = 10_000;

describe('JobRepository.insertJobs of a large batch', () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: JobRepository;
    beforeAll(() => {
      sut = new JobRepository(getDataSource());
    });

    it(`stores ${COUNT} jobs, each with its own attributes, JDLs and first logging record`, async () => {
      const jobs = Array.from({ length: COUNT }, (_, index) =>
        newJobFixture({
          jobName: `job-${index}`,
          userPriority: index % 7,
          submissionTime: T0 + index,
          originalJdl: `[ Executable = "run.sh"; Arguments = "${index}"; ]`,
          currentJdl: `[ Executable = "run.sh"; Arguments = "${index}"; JobName = "job-${index}"; ]`,
        }),
      );

      const ids = await sut.insertJobs(jobs);

      expect(ids).toHaveLength(COUNT);
      expect(new Set(ids).size).toBe(COUNT);
      expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0))).toBe(true);
      const { total } = await sut.search({
        conditions: [{ parameter: 'JobName', operator: 'like', value: 'job-%' }],
        sort: [],
        page: 1,
        perPage: 1,
      });
      expect(total).toBe(COUNT);
      for (const index of [0, 499, 500, 4_321, COUNT - 1]) {
        const id = ids[index] ?? 0;
        expect(await sut.findById(id)).toMatchObject({ jobName: `job-${index}`, userPriority: index % 7, submissionTime: T0 + index });
        expect(await sut.jdl(id)).toEqual({ original: jobs[index]?.originalJdl, current: jobs[index]?.currentJdl });
        expect(await sut.loggingHistory(id)).toEqual([
          expect.objectContaining({ jobId: id, status: JobStatus.Received, time: T0 + index }),
        ]);
      }
      const page = await sut.search({ conditions: [], sort: [{ parameter: 'JobID', direction: 'desc' }], page: 1, perPage: 3 });
      expect(page.jobs.map((job) => job.jobName)).toEqual([`job-${COUNT - 1}`, `job-${COUNT - 2}`, `job-${COUNT - 3}`]);
    }, 60_000);
  });
});
