import { describe, expect, it } from '@jest/globals';
import type { ApiError, Job, JobActionResponse, JobJdl, LoggingRecord, MatchResponse } from './support/api-types.js';
import { describeOnEachDatabase, freshName, freshSite, type TestServer } from './support/test-server.js';

const NO_SUCH_JOB = 987_654_321;

async function act(server: TestServer, action: 'kill' | 'delete' | 'reschedule', jobIds: number[]): Promise<JobActionResponse> {
  const response = await server.api<JobActionResponse>('POST', `/api/jobs/${action}`, { jobIds });
  expect(response.status).toBe(200);
  return response.body;
}

async function job(server: TestServer, jobId: number): Promise<Job> {
  const response = await server.api<Job>('GET', `/api/jobs/${jobId}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function statuses(server: TestServer, jobId: number): Promise<string[]> {
  return (await server.api<LoggingRecord[]>('GET', `/api/jobs/${jobId}/logging`)).body.map((record) => record.Status);
}

/** A job only a slot requiring its fresh tag can match, so no other test's slot takes it. */
function taggedJdl(tag: string): string {
  return `Executable = "reco.sh"; CPUTime = 3600; Tags = { "${tag}" };`;
}

describe('kill, delete and reschedule over HTTP', () => {
  describeOnEachDatabase({ env: { MAJORANA_MAX_RESCHEDULING: '1' } }, (server) => {
    it('kills waiting jobs and answers one result per ID, in the order asked, unknown IDs included', async () => {
      const [first, second] = await server().submit(['Executable = "a.sh"; CPUTime = 3600;', 'Executable = "b.sh"; CPUTime = 3600;']);
      const response = await act(server(), 'kill', [first ?? 0, NO_SUCH_JOB, second ?? 0]);
      expect(response.results).toEqual([
        { JobID: first, result: 'done', reason: '' },
        { JobID: NO_SUCH_JOB, result: 'not found', reason: expect.stringContaining(String(NO_SUCH_JOB)) },
        { JobID: second, result: 'done', reason: '' },
      ]);
      const killed = await job(server(), first ?? 0);
      expect(killed).toMatchObject({ Status: 'Killed', MinorStatus: 'Killed by admin' });
      expect(killed.EndExecTime).not.toBeNull();
      expect(await statuses(server(), first ?? 0)).toEqual(['Received', 'Checking', 'Waiting', 'Killed']);
    });

    it('answers wrong state, saying why, for a job that is already killed', async () => {
      const [jobId] = await server().submit('Executable = "a.sh"; CPUTime = 3600;');
      await act(server(), 'kill', [jobId ?? 0]);
      const again = await act(server(), 'kill', [jobId ?? 0]);
      expect(again.results).toEqual([{ JobID: jobId, result: 'wrong state', reason: 'a Killed job cannot be killed' }]);
      expect(await statuses(server(), jobId ?? 0)).toEqual(['Received', 'Checking', 'Waiting', 'Killed']);
    });

    it('answers done then wrong state when the same job is killed twice in one request', async () => {
      const [jobId] = await server().submit('Executable = "a.sh"; CPUTime = 3600;');
      const response = await act(server(), 'kill', [jobId ?? 0, jobId ?? 0]);
      expect(response.results.map((result) => result.result)).toEqual(['done', 'wrong state']);
      expect((await job(server(), jobId ?? 0)).Status).toBe('Killed');
    });

    it('deletes a killed job and answers wrong state when deleting it again', async () => {
      const [jobId] = await server().submit('Executable = "a.sh"; CPUTime = 3600;');
      await act(server(), 'kill', [jobId ?? 0]);
      const killedAt = (await job(server(), jobId ?? 0)).EndExecTime;
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await act(server(), 'delete', [jobId ?? 0])).results).toEqual([{ JobID: jobId, result: 'done', reason: '' }]);
      // Deleting records who deleted it, not a new end of execution.
      expect(await job(server(), jobId ?? 0)).toMatchObject({ Status: 'Deleted', MinorStatus: 'Deleted by admin', EndExecTime: killedAt });
      const again = await act(server(), 'delete', [jobId ?? 0, NO_SUCH_JOB]);
      expect(again.results).toEqual([
        { JobID: jobId, result: 'wrong state', reason: 'a Deleted job cannot be deleted' },
        { JobID: NO_SUCH_JOB, result: 'not found', reason: expect.any(String) },
      ]);
    });

    it('answers wrong state when rescheduling or killing a deleted job', async () => {
      const [jobId] = await server().submit('Executable = "a.sh"; CPUTime = 3600;');
      await act(server(), 'delete', [jobId ?? 0]);
      expect((await act(server(), 'reschedule', [jobId ?? 0])).results).toEqual([
        { JobID: jobId, result: 'wrong state', reason: 'a Deleted job cannot be rescheduled' },
      ]);
      expect((await act(server(), 'kill', [jobId ?? 0])).results).toEqual([
        { JobID: jobId, result: 'wrong state', reason: 'a Deleted job cannot be killed' },
      ]);
      expect((await job(server(), jobId ?? 0)).Status).toBe('Deleted');
    });

    it('reschedules a killed job back to Waiting with RescheduleCounter 1, keeping its history and its JDL', async () => {
      const jdl = 'Executable = "reco.sh"; Arguments = "--job %j"; CPUTime = 3600;';
      const [jobId] = await server().submit(jdl);
      await act(server(), 'kill', [jobId ?? 0]);
      expect((await act(server(), 'reschedule', [jobId ?? 0])).results).toEqual([{ JobID: jobId, result: 'done', reason: '' }]);

      expect(await job(server(), jobId ?? 0)).toMatchObject({ Status: 'Waiting', RescheduleCounter: 1 });
      expect(await statuses(server(), jobId ?? 0)).toEqual([
        'Received',
        'Checking',
        'Waiting',
        'Killed',
        'Rescheduled',
        'Received',
        'Checking',
        'Waiting',
      ]);
      const current = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl`);
      expect(current.body.jdl).toContain(`Arguments = "--job ${jobId}"`);
      const original = await server().api<JobJdl>('GET', `/api/jobs/${jobId}/jdl?original=true`);
      expect(original.body.jdl).toBe(jdl);
    });

    it('answers wrong state, naming the limit, to a reschedule beyond MAJORANA_MAX_RESCHEDULING', async () => {
      const [jobId] = await server().submit('Executable = "a.sh"; CPUTime = 3600;');
      expect((await act(server(), 'reschedule', [jobId ?? 0])).results[0]?.result).toBe('done');
      const again = await act(server(), 'reschedule', [jobId ?? 0]);
      expect(again.results).toEqual([
        {
          JobID: jobId,
          result: 'wrong state',
          reason: expect.stringMatching(/already rescheduled 1 times.*MAJORANA_MAX_RESCHEDULING.*is 1/),
        },
      ]);
      expect(await job(server(), jobId ?? 0)).toMatchObject({ Status: 'Waiting', RescheduleCounter: 1 });
    });

    it('reschedules a matched job so that the next match is attempt 2 with a new fencing token', async () => {
      const tag = freshName('tag');
      const [jobId] = await server().submit(taggedJdl(tag));
      const pilot = await server().issueToken('admin', 'pilot');
      const slot = { site: freshSite('R'), cpuTimeLeft: 100_000, requiredTags: [tag], tags: [tag] };
      const first = await server().api<MatchResponse>('POST', '/api/matcher/match', slot, pilot.token);
      expect(first.body.job).toMatchObject({ JobID: jobId, attempt: 1 });

      expect((await act(server(), 'reschedule', [jobId ?? 0])).results[0]?.result).toBe('done');
      expect(await job(server(), jobId ?? 0)).toMatchObject({ Status: 'Waiting', RescheduleCounter: 1 });
      const second = await server().api<MatchResponse>('POST', '/api/matcher/match', slot, pilot.token);
      expect(second.body.job).toMatchObject({ JobID: jobId, attempt: 2 });
      expect(second.body.job?.fencingToken).not.toBe(first.body.job?.fencingToken);
    });

    // Once a bug: a match sets the Site column to the slot's site and rescheduling left it there.
    // DIRAC's JobDB.rescheduleJob sets Site from the JDL again (ANY, the one site, or Multiple), as we now do.
    it('shows a rescheduled job at the site its JDL asks for again, not at the site of the abandoned match', async () => {
      const tag = freshName('tag');
      const [jobId] = await server().submit(taggedJdl(tag));
      const pilot = await server().issueToken('admin', 'pilot');
      const site = freshSite('R');
      const matched = await server().api<MatchResponse>(
        'POST',
        '/api/matcher/match',
        { site, cpuTimeLeft: 100_000, requiredTags: [tag], tags: [tag] },
        pilot.token,
      );
      expect(matched.body.job?.JobID).toBe(jobId);
      expect(await job(server(), jobId ?? 0)).toMatchObject({ Status: 'Matched', Site: site });

      expect((await act(server(), 'reschedule', [jobId ?? 0])).results[0]?.result).toBe('done');
      expect(await job(server(), jobId ?? 0)).toMatchObject({ Status: 'Waiting', Site: 'ANY' });
    });

    it('kills a matched job, and a killed job is not matched any more', async () => {
      const tag = freshName('tag');
      const [matchedJob, waitingJob] = await server().submit([taggedJdl(tag), taggedJdl(tag)]);
      const pilot = await server().issueToken('admin', 'pilot');
      const slot = { site: freshSite('K'), cpuTimeLeft: 100_000, requiredTags: [tag], tags: [tag] };
      const matched = await server().api<MatchResponse>('POST', '/api/matcher/match', slot, pilot.token);
      expect(matched.body.job?.JobID).toBe(matchedJob);
      expect((await act(server(), 'kill', [matchedJob ?? 0, waitingJob ?? 0])).results.map((result) => result.result)).toEqual([
        'done',
        'done',
      ]);
      expect((await job(server(), matchedJob ?? 0)).Status).toBe('Killed');
      const next = await server().api<MatchResponse>('POST', '/api/matcher/match', slot, pilot.token);
      expect(next.body).toEqual({ job: null });
    });

    it('answers 400 to an empty list, a list of non-numbers, or a missing list of job IDs', async () => {
      for (const body of [{ jobIds: [] }, { jobIds: ['one'] }, { jobIds: [0] }, {}, { jobIds: [1], force: true }]) {
        const response = await server().api<ApiError>('POST', '/api/jobs/kill', body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
      }
    });
  });
});
