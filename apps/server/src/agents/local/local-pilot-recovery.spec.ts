import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  JobAttemptRepository,
  JobRepository,
  PilotRepository,
  SiteMaskRepository,
  StalledJobRepository,
  TaskQueueRepository,
  WaitingJobRepository,
} from '@majorana/db';
import { forEachDatabase, newJobFixture, T0 } from '@majorana/db/testing';
import { parseAuthConfig } from '@majorana/auth';
import { JobStatus } from '@majorana/domain';
import { loadServerConfig } from '../../config/server-config.js';
import { ServerEvents } from '../../events/server-events.js';
import { AuthSettings } from '../../identity/auth-settings.js';
import { DEFAULT_AUTH_CONFIG } from '../../identity/default-auth-config.js';
import { JobOptimizerService } from '../../jobs/job-optimizer.service.js';
import { JobRescheduler } from '../../jobs/job-rescheduler.service.js';
import { TaskQueueCache } from '../../task-queues/task-queue-cache.js';
import { FakeComputingElement } from '../testing/fake-computing-element.js';
import type { LocalCeHost } from './local-ce-host.js';
import { LocalPilotRecovery } from './local-pilot-recovery.js';

const NOW = T0 + 3_600_000;
const MAX_RESCHEDULING = 2;

describe(LocalPilotRecovery.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let jobs: JobRepository;
    let attempts: JobAttemptRepository;
    let pilots: PilotRepository;
    let newRecovery: (ce: FakeComputingElement) => { sut: LocalPilotRecovery; workAvailable: number[][] };

    beforeAll(() => {
      const dataSource = getDataSource();
      jobs = new JobRepository(dataSource);
      attempts = new JobAttemptRepository(dataSource);
      pilots = new PilotRepository(dataSource);
      const clock = { now: () => NOW };
      const config = loadServerConfig({ MAJORANA_HOME: '/tmp/unused', MAJORANA_MAX_RESCHEDULING: String(MAX_RESCHEDULING) });
      const taskQueues = new TaskQueueRepository(dataSource);
      const waiting = new WaitingJobRepository(dataSource);
      const siteMask = new SiteMaskRepository(dataSource);
      newRecovery = (ce) => {
        const events = new ServerEvents();
        const workAvailable: number[][] = [];
        events.on('work-available', ({ jobIds }) => workAvailable.push([...jobIds]));
        const cache = new TaskQueueCache(taskQueues, siteMask, clock, new AuthSettings(parseAuthConfig(DEFAULT_AUTH_CONFIG)));
        const optimizer = new JobOptimizerService(jobs, taskQueues, waiting, siteMask, clock, cache, events);
        const rescheduler = new JobRescheduler(jobs, waiting, optimizer, config, clock, events);
        const host = {
          get ce() {
            return ce;
          },
          close: () => ce.close(),
        } as unknown as LocalCeHost;
        return { sut: new LocalPilotRecovery(host, pilots, new StalledJobRepository(dataSource), rescheduler, clock), workAvailable };
      };
    });

    /** A job in `status` whose current attempt ran on `pilotRef` of `ce`, already rescheduled `counter` times. */
    async function jobOn(pilotRef: string, status: JobStatus, options: { ce?: string; counter?: number } = {}): Promise<number> {
      const [id = 0] = await jobs.insertJobs([newJobFixture()]);
      for (let i = 0; i < (options.counter ?? 0); i++) {
        await jobs.incrementReschedule(id);
      }
      await attempts.create({
        jobId: id,
        attempt: 1,
        fencingToken: `f${id}`,
        matchedAt: T0,
        site: 'Local.localhost',
        ce: options.ce ?? 'local',
        pilotRef,
      });
      await jobs.transition(id, {
        from: [JobStatus.Received],
        to: { status, minorStatus: 'Application' },
        source: 'test',
        time: T0,
        set: { attempt: 1, startExecTime: T0 },
      });
      return id;
    }

    async function pilotRunning(pilotRef: string, ce = 'local'): Promise<void> {
      await pilots.recordSubmitted([{ pilotRef, ce, site: 'Local.localhost', time: T0 }]);
      await pilots.connected({
        pilotRef,
        ce,
        site: 'Local.localhost',
        pilotVersion: '0.1.0',
        subject: 'pilot',
        replicaId: 'r1',
        resources: '{}',
        time: T0,
      });
    }

    it('after an unclean stop, aborts and kills the pilots left running and reschedules their jobs at once', async () => {
      const ce = new FakeComputingElement();
      const ref = 'local://local/left-running';
      await pilotRunning(ref);
      const running = await jobOn(ref, JobStatus.Running);
      const completing = await jobOn(ref, JobStatus.Completing);
      const elsewhere = await jobOn('slurm://hpc/1', JobStatus.Running, { ce: 'hpc' });
      const { sut, workAvailable } = newRecovery(ce);

      const recovered = await sut.afterRestart();

      expect(recovered.pilots).toContain(ref);
      expect(recovered.jobs).toEqual(expect.arrayContaining([running, completing]));
      expect(ce.cancelled).toContain(ref);
      expect(await pilots.find(ref)).toMatchObject({ status: 'Aborted', endReason: 'the server restarted without it' });
      for (const id of [running, completing]) {
        expect(await jobs.findById(id)).toMatchObject({ status: JobStatus.Waiting, rescheduleCounter: 1 });
        expect((await jobs.loggingHistory(id)).map((entry) => [entry.status, entry.minorStatus])).toContainEqual([
          JobStatus.Rescheduled,
          'Job stalled: pilot stopped with the server',
        ]);
      }
      expect(workAvailable.flat()).toEqual(expect.arrayContaining([running, completing]));
      expect(await jobs.findById(elsewhere)).toMatchObject({ status: JobStatus.Running, rescheduleCounter: 0 });
    });

    it('fails, saying why, a job of such a pilot that was already rescheduled MAJORANA_MAX_RESCHEDULING times', async () => {
      const ref = 'local://local/left-with-a-tired-job';
      await pilotRunning(ref);
      const tired = await jobOn(ref, JobStatus.Running, { counter: MAX_RESCHEDULING });

      await newRecovery(new FakeComputingElement()).sut.afterRestart();

      expect(await jobs.findById(tired)).toMatchObject({
        status: JobStatus.Failed,
        minorStatus: 'Job stalled: pilot stopped with the server',
        rescheduleCounter: MAX_RESCHEDULING,
        endExecTime: NOW,
      });
    });

    it('on a clean stop, takes the jobs back before killing the pilots, so their dying reports cannot fail them', async () => {
      const ce = new FakeComputingElement();
      const ref = 'local://local/stopped-cleanly';
      await pilotRunning(ref);
      const job = await jobOn(ref, JobStatus.Running);
      let statusWhenKilled: JobStatus | undefined;
      ce.close = async () => {
        statusWhenKilled = (await jobs.findById(job))?.status;
        ce.closed = true;
      };
      const { sut, workAvailable } = newRecovery(ce);

      const stopped = await sut.beforeStop();

      expect(statusWhenKilled).toBe(JobStatus.Received);
      expect(ce.closed).toBe(true);
      expect(stopped).toEqual({ pilots: expect.arrayContaining([ref]), jobs: [job] });
      expect(await pilots.find(ref)).toMatchObject({ status: 'Aborted', endReason: 'server stopped' });
      expect(await jobs.findById(job)).toMatchObject({ status: JobStatus.Waiting, rescheduleCounter: 1 });
      expect(workAvailable).toEqual([[job]]);
    });
  });
});
