import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { JobRepository } from '../jobs/job.repository.js';
import { MatchRepository } from '../matching/match.repository.js';
import { WaitingJobRepository } from '../task-queues/waiting-job.repository.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { JobReportRepository } from './job-report.repository.js';
import { PilotRepository } from './pilot.repository.js';

const HELLO = { ce: 'ce01.cern.ch', site: 'LCG.CERN.ch', pilotVersion: '0.1.0', subject: 'pilot', resources: '{"slots":4}', time: T0 };

describe(PilotRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: PilotRepository;
    beforeAll(() => {
      sut = new PilotRepository(getDataSource());
    });

    it('records a submitted pilot, then Running on the replica it said hello to', async () => {
      await sut.recordSubmitted([{ pilotRef: 'local://a/1', ce: 'local', site: 'Local.localhost', time: T0 }]);
      expect(await sut.find('local://a/1')).toMatchObject({ status: 'Submitted', submittedAt: T0, replicaId: null });

      expect(await sut.connected({ ...HELLO, pilotRef: 'local://a/1', replicaId: 'r1', time: T0 + 5 })).toBe(true);

      expect(await sut.find('local://a/1')).toMatchObject({
        status: 'Running',
        replicaId: 'r1',
        submittedAt: T0,
        connectedAt: T0 + 5,
        ce: 'ce01.cern.ch',
      });
    });

    it('marks it Disconnected only from the replica that held it, and lets it come back', async () => {
      await sut.connected({ ...HELLO, pilotRef: 'p/2', replicaId: 'r1' });
      await sut.disconnected('p/2', 'r2', T0 + 1);
      expect((await sut.find('p/2'))?.status).toBe('Running');

      await sut.disconnected('p/2', 'r1', T0 + 2);
      expect(await sut.find('p/2')).toMatchObject({ status: 'Disconnected', replicaId: null });
      expect(await sut.connected({ ...HELLO, pilotRef: 'p/2', replicaId: 'r2', time: T0 + 3 })).toBe(true);
      expect(await sut.find('p/2')).toMatchObject({ status: 'Running', replicaId: 'r2', connectedAt: T0 });
    });

    it('never brings an ended pilot back to life', async () => {
      await sut.connected({ ...HELLO, pilotRef: 'p/3', replicaId: 'r1' });
      expect(await sut.ended('p/3', 'Done', 'idle', T0 + 1)).toBe(true);
      expect(await sut.ended('p/3', 'Aborted', 'again', T0 + 2)).toBe(false);

      expect(await sut.connected({ ...HELLO, pilotRef: 'p/3', replicaId: 'r1', time: T0 + 3 })).toBe(false);
      expect(await sut.find('p/3')).toMatchObject({ status: 'Done', endReason: 'idle', endedAt: T0 + 1 });
    });

    it('lists by status, newest contact first, and counts', async () => {
      await sut.connected({ ...HELLO, pilotRef: 'list/1', replicaId: 'r9', time: T0 + 100 });
      await sut.connected({ ...HELLO, pilotRef: 'list/2', replicaId: 'r9', time: T0 + 200 });
      await sut.releaseReplica('r9', T0 + 300);

      const disconnected = await sut.list({ status: ['Disconnected'] });
      expect(disconnected.map((pilot) => pilot.pilotRef)).toEqual(expect.arrayContaining(['list/1', 'list/2']));
      expect(await sut.count({ status: ['Disconnected'] })).toBeGreaterThanOrEqual(2);
    });
  });
});

describe(JobReportRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: JobReportRepository;
    let jobs: JobRepository;
    let matches: MatchRepository;
    let waiting: WaitingJobRepository;
    let pilots: PilotRepository;
    let queue = 900;
    beforeAll(() => {
      sut = new JobReportRepository(getDataSource());
      jobs = new JobRepository(getDataSource());
      matches = new MatchRepository(getDataSource());
      waiting = new WaitingJobRepository(getDataSource());
      pilots = new PilotRepository(getDataSource());
    });

    /** A job matched to `pilotRef` through the real match path; returns its proof of attempt. */
    async function matchedJob(pilotRef: string) {
      queue++;
      const [jobId] = await jobs.insertJobs([newJobFixture()]);
      await jobs.transition(jobId!, {
        from: [JobStatus.Received],
        to: { status: JobStatus.Waiting, minorStatus: 'Pilot Agent Submission' },
        source: 'test',
        time: T0,
        set: { taskQueueId: queue },
      });
      await waiting.enqueue([{ taskQueueId: queue, jobId: jobId!, userPriority: 1 }]);
      const token = `token-${jobId}-${Math.random()}`;
      const [matched] = await matches.matchBatch(
        [
          {
            site: 'LCG.CERN.ch',
            ce: 'ce01',
            fencingToken: token,
            pilotRef,
            nextQueue: (empty) => (empty.has(queue) ? undefined : queue),
            accepts: () => true,
          },
        ],
        { time: T0 + 10, source: 'Matcher', maxRefusalsPerSlot: 1 },
      );
      return { jobId: jobId!, attempt: matched!.attempt, fencingToken: token };
    }

    it('moves a job Matched → Running → Done on the reports of its pilot, with the pilot as source', async () => {
      const proof = await matchedJob('pilot/a');

      expect(await sut.started(proof, 'pilot/a', T0 + 20)).toBe('accepted');
      expect(await sut.started(proof, 'pilot/a', T0 + 21)).toBe('accepted'); // a resent report changes nothing
      expect(await jobs.findById(proof.jobId)).toMatchObject({ status: JobStatus.Running, startExecTime: T0 + 20, heartBeatTime: T0 + 20 });
      expect(
        await sut.heartbeat([{ ...proof, cpuTimeS: 1.5, wallTimeS: 2, memoryMiB: 30, stdoutTail: 'line 1\nline 2' }], 'pilot/a', T0 + 30),
      ).toEqual([]);
      expect(await sut.latestHeartbeat(proof.jobId)).toMatchObject({
        attempt: 1,
        cpuTimeS: 1.5,
        stdoutTail: 'line 1\nline 2',
        time: T0 + 30,
      });
      expect(
        await sut.finished(
          {
            ...proof,
            status: 'Done',
            minorStatus: 'Execution Complete',
            applicationStatus: 'Application exited with status 0',
            outputUploaded: true,
            parameters: { 'TotalCPUTime(s)': '1.50', Pilot_Reference: 'pilot/a' },
          },
          'pilot/a',
          T0 + 40,
        ),
      ).toBe('accepted');
      expect(await jobs.parameters(proof.jobId)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'TotalCPUTime(s)', value: '1.50' }),
          expect.objectContaining({ name: 'Pilot_Reference', value: 'pilot/a' }),
        ]),
      );

      expect(await jobs.findById(proof.jobId)).toMatchObject({
        status: JobStatus.Done,
        minorStatus: 'Execution Complete',
        endExecTime: T0 + 40,
      });
      const history = await jobs.loggingHistory(proof.jobId);
      expect(history.slice(-3).map((row) => [row.status, row.source])).toEqual([
        [JobStatus.Running, 'Pilot pilot/a'],
        [JobStatus.Completing, 'Pilot pilot/a'],
        [JobStatus.Done, 'Pilot pilot/a'],
      ]);
    });

    it('refuses reports with a wrong fencing token, an older attempt, or from another pilot, changing nothing', async () => {
      const proof = await matchedJob('pilot/b');

      expect(await sut.started({ ...proof, fencingToken: 'forged' }, 'pilot/b', T0 + 20)).toBe('refused');
      expect(await sut.started({ ...proof, attempt: proof.attempt + 1 }, 'pilot/b', T0 + 20)).toBe('refused');
      expect(await sut.started(proof, 'pilot/intruder', T0 + 20)).toBe('refused');
      expect(
        await sut.heartbeat([{ ...proof, cpuTimeS: 0, wallTimeS: 0, memoryMiB: 0, stdoutTail: '' }], 'pilot/intruder', T0 + 21),
      ).toEqual([proof.jobId]);
      expect(
        await sut.finished(
          { ...proof, fencingToken: 'forged', status: 'Done', minorStatus: 'x', applicationStatus: 'x', outputUploaded: false },
          'pilot/b',
          T0 + 22,
        ),
      ).toBe('refused');

      expect(await jobs.findById(proof.jobId)).toMatchObject({ status: JobStatus.Matched });
      expect(await sut.latestHeartbeat(proof.jobId)).toBeNull();
    });

    it('refuses the late report of a pilot whose job was killed meanwhile, and lists it as stopped', async () => {
      const proof = await matchedJob('pilot/c');
      await sut.started(proof, 'pilot/c', T0 + 20);
      await jobs.transition(proof.jobId, {
        from: [JobStatus.Running],
        to: { status: JobStatus.Killed, minorStatus: 'Killed by alice' },
        source: 'alice',
        time: T0 + 25,
      });

      expect(
        await sut.finished(
          { ...proof, status: 'Done', minorStatus: 'Execution Complete', applicationStatus: 'ok', outputUploaded: false },
          'pilot/c',
          T0 + 30,
        ),
      ).toBe('refused');
      expect(await jobs.findById(proof.jobId)).toMatchObject({ status: JobStatus.Killed });
      expect(await sut.stoppedAttempts([{ jobId: proof.jobId, attempt: proof.attempt }])).toEqual([
        { jobId: proof.jobId, attempt: proof.attempt, status: JobStatus.Killed },
      ]);
    });

    it('brings a Stalled job back to Running on a heartbeat of its current attempt', async () => {
      const proof = await matchedJob('pilot/d');
      await sut.started(proof, 'pilot/d', T0 + 20);
      await jobs.transition(proof.jobId, {
        from: [JobStatus.Running],
        to: { status: JobStatus.Stalled, minorStatus: 'Job stalled: no heartbeat' },
        source: 'StalledJobAgent',
        time: T0 + 25,
      });

      expect(await sut.heartbeat([{ ...proof, cpuTimeS: 1, wallTimeS: 9, memoryMiB: 1, stdoutTail: '' }], 'pilot/d', T0 + 30)).toEqual([]);

      expect(await jobs.findById(proof.jobId)).toMatchObject({ status: JobStatus.Running, heartBeatTime: T0 + 30 });
      expect(await sut.heldBy('pilot/d')).toEqual([{ jobId: proof.jobId, attempt: proof.attempt, status: JobStatus.Running }]);
      expect(await pilots.forJob(proof.jobId)).toEqual([]); // no pilots row for pilot/d: the join finds none
    });
  });
});
