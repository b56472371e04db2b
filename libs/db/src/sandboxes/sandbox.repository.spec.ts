import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { JobRepository } from '../jobs/job.repository.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { SandboxRepository } from './sandbox.repository.js';

/** A distinct, valid sha256 per name. */
const sha = (name: string): string => createHash('sha256').update(name).digest('hex');
const ACTIVE = [JobStatus.Matched, JobStatus.Running, JobStatus.Completing];
const HOUR = 3_600_000;

describe(SandboxRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: SandboxRepository;
    let jobs: JobRepository;
    beforeAll(() => {
      sut = new SandboxRepository(getDataSource());
      jobs = new JobRepository(getDataSource());
    });

    /** Stored jobs of `owner`, returned by id. */
    async function newJobs(count: number, owner = 'alice'): Promise<number[]> {
      return jobs.insertJobs(Array.from({ length: count }, () => newJobFixture({ owner })));
    }

    /** Moves a job to Matched as attempt `attempt`, as the matcher would. */
    async function matched(jobId: number, attempt: number): Promise<void> {
      const from = [JobStatus.Received, JobStatus.Waiting, JobStatus.Matched, JobStatus.Running];
      await jobs.transition(jobId, {
        from,
        to: { status: JobStatus.Matched, minorStatus: '' },
        source: 'test',
        time: T0,
        set: { attempt },
      });
    }

    it('records an upload once per owner and content, marking a repeated upload as used', async () => {
      await sut.record('alice', sha('a'), 100, T0);
      await sut.record('alice', sha('a'), 100, T0 + 5);
      await sut.record('bob', sha('a'), 100, T0 + 7);

      expect(await sut.find('alice', sha('a'))).toEqual({
        owner: 'alice',
        sha256: sha('a'),
        bytes: 100,
        createdAt: T0,
        lastUsedAt: T0 + 5,
      });
      expect(await sut.find('bob', sha('a'))).toMatchObject({ createdAt: T0 + 7 });
      expect(await sut.find('carol', sha('a'))).toBeNull();
    });

    it('refuses a name that is not a lowercase sha256', async () => {
      await expect(sut.record('alice', 'ABC', 1, T0)).rejects.toThrow('lowercase hex');
    });

    it("says which archives an owner does not hold, and marks the owner's as used", async () => {
      await sut.record('dora', sha('d1'), 1, T0);
      await sut.record('dora', sha('d2'), 1, T0);
      await sut.record('erin', sha('e1'), 1, T0);

      expect(await sut.markUsed('dora', [sha('d1'), sha('d2'), sha('d1')], T0 + 9)).toEqual([]);
      expect(await sut.markUsed('dora', [sha('d1'), sha('e1'), sha('nowhere')], T0 + 10)).toEqual([sha('e1'), sha('nowhere')]);
      expect(await sut.markUsed('dora', [], T0)).toEqual([]);
      expect((await sut.find('dora', sha('d1')))?.lastUsedAt).toBe(T0 + 10);
      expect((await sut.find('erin', sha('e1')))?.lastUsedAt).toBe(T0);
    });

    it('links many jobs to one input sandbox (a parametric submission)', async () => {
      const ids = await newJobs(1200);
      await sut.record('alice', sha('sweep'), 10, T0);
      await sut.linkInputs(
        ids.map((jobId) => ({ jobId, owner: 'alice', sha256: sha('sweep') })),
        T0,
      );

      expect(await sut.jobSandbox(ids[1199] ?? 0, 'input')).toEqual({
        jobId: ids[1199],
        kind: 'input',
        owner: 'alice',
        sha256: sha('sweep'),
        attempt: null,
        createdAt: T0,
      });
      expect(await sut.jobSandbox(ids[0] ?? 0, 'output')).toBeNull();
    });

    it("stores an output for the job's current attempt and replaces it with a later attempt's", async () => {
      const [jobId = 0] = await newJobs(1);
      await matched(jobId, 1);
      const link = { jobId, owner: 'alice', sha256: sha('out1'), attempt: 1, time: T0, whileStatusIn: ACTIVE };

      expect(await sut.setOutput(link, 42)).toBe(true);
      expect(await sut.find('alice', sha('out1'))).toMatchObject({ bytes: 42 });
      await matched(jobId, 2);
      expect(await sut.setOutput({ ...link, sha256: sha('late') }, 1)).toBe(false);
      expect(await sut.setOutput({ ...link, sha256: sha('out2'), attempt: 2, time: T0 + 1 }, 7)).toBe(true);

      expect(await sut.jobSandbox(jobId, 'output')).toEqual({
        jobId,
        kind: 'output',
        owner: 'alice',
        sha256: sha('out2'),
        attempt: 2,
        createdAt: T0 + 1,
      });
      expect(await sut.find('alice', sha('late'))).toBeNull();
    });

    it('refuses an output for a job in another state, or for no job at all', async () => {
      const [jobId = 0] = await newJobs(1);
      const link = { jobId, owner: 'alice', sha256: sha('x'), attempt: 0, time: T0, whileStatusIn: ACTIVE };
      expect(await sut.setOutput(link, 1)).toBe(false); // Received
      expect(await sut.setOutput({ ...link, jobId: 987_654_321 }, 1)).toBe(false);
      expect(await sut.jobSandbox(jobId, 'output')).toBeNull();
    });

    it("releases a job's sandboxes, ending the owner's hold only when no other job of theirs uses it", async () => {
      const [first = 0, second = 0] = await newJobs(2, 'fred');
      await sut.record('fred', sha('shared'), 1, T0);
      await sut.record('gina', sha('shared'), 1, T0);
      await sut.linkInputs(
        [
          { jobId: first, owner: 'fred', sha256: sha('shared') },
          { jobId: second, owner: 'fred', sha256: sha('shared') },
        ],
        T0,
      );

      expect(await sut.releaseJob(first, T0 + HOUR)).toEqual([]);
      expect(await sut.jobSandbox(first, 'input')).toBeNull();
      expect(await sut.find('fred', sha('shared'))).not.toBeNull();

      expect(await sut.releaseJob(second, T0 + HOUR)).toEqual([sha('shared')]);
      expect(await sut.find('fred', sha('shared'))).toBeNull();
      // Gina uploaded the same content: the archive is still needed.
      expect(await sut.isHeld(sha('shared'))).toBe(true);
      expect(await sut.releaseJob(second, T0 + HOUR)).toEqual([]);
    });

    it('keeps a hold used since the given time (a submission may be about to link it)', async () => {
      const [jobId = 0] = await newJobs(1, 'hank');
      await sut.record('hank', sha('fresh'), 1, T0);
      await sut.linkInputs([{ jobId, owner: 'hank', sha256: sha('fresh') }], T0);

      expect(await sut.releaseJob(jobId, T0)).toEqual([]);
      expect(await sut.find('hank', sha('fresh'))).not.toBeNull();
      expect(await sut.isHeld(sha('fresh'))).toBe(true);
    });

    it('purges holds that no job uses and nobody used since the given time', async () => {
      const [jobId = 0] = await newJobs(1, 'ivan');
      await sut.record('ivan', sha('old-unused'), 1, T0 - 10 * HOUR);
      await sut.record('ivan', sha('old-used'), 1, T0 - 10 * HOUR);
      await sut.record('ivan', sha('recent'), 1, T0);
      await sut.linkInputs([{ jobId, owner: 'ivan', sha256: sha('old-used') }], T0 - 10 * HOUR);

      expect(await sut.purgeUnreferenced(T0 - HOUR)).toEqual([sha('old-unused')]);
      expect(await sut.isHeld(sha('old-unused'))).toBe(false);
      expect(await sut.isHeld(sha('old-used'))).toBe(true);
      expect(await sut.isHeld(sha('recent'))).toBe(true);
      expect(await sut.purgeUnreferenced(T0 - HOUR)).toEqual([]);
    });
  });
});
