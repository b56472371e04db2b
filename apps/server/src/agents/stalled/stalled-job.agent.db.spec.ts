import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  AgentLeaseRepository,
  JobAttemptRepository,
  JobRepository,
  PilotRepository,
  SiteMaskRepository,
  StalledJobRepository,
  TaskQueueRepository,
  WaitingJobRepository,
  type JobAttributeChange,
} from '@majorana/db';
import { forEachDatabase, newJobFixture, T0 } from '@majorana/db/testing';
import { parseAuthConfig } from '@majorana/auth';
import { JobStatus } from '@majorana/domain';
import type { DataSource } from 'typeorm';
import { loadServerConfig } from '../../config/server-config.js';
import { ServerEvents } from '../../events/server-events.js';
import { AuthSettings } from '../../identity/auth-settings.js';
import { DEFAULT_AUTH_CONFIG } from '../../identity/default-auth-config.js';
import { JobOptimizerService } from '../../jobs/job-optimizer.service.js';
import { JobRescheduler } from '../../jobs/job-rescheduler.service.js';
import { TaskQueueCache } from '../../task-queues/task-queue-cache.js';
import { AgentLeases } from '../leases/agent-leases.service.js';
import { StalledJobAgent } from './stalled-job.agent.js';

const MINUTE = 60_000;

/** The agent on a real database with the real rescheduler and optimizer: the whole path of a lost job. */
describe(`${StalledJobAgent.name} on a database`, () => {
  forEachDatabase((_kind, getDataSource, getDatabase) => {
    let jobs: JobRepository;
    let attempts: JobAttemptRepository;
    let pilots: PilotRepository;
    let now = T0;
    let newAgent: (holder: string, dataSource?: DataSource) => StalledJobAgent;

    beforeAll(() => {
      jobs = new JobRepository(getDataSource());
      attempts = new JobAttemptRepository(getDataSource());
      pilots = new PilotRepository(getDataSource());
      const clock = { now: () => now };
      const config = loadServerConfig({ MAJORANA_HOME: '/tmp/unused', MAJORANA_STALLED_AFTER_S: '300', MAJORANA_MAX_RESCHEDULING: '1' });
      newAgent = (holder, dataSource = getDataSource()) => {
        const events = new ServerEvents();
        const taskQueues = new TaskQueueRepository(dataSource);
        const waiting = new WaitingJobRepository(dataSource);
        const siteMask = new SiteMaskRepository(dataSource);
        const cache = new TaskQueueCache(taskQueues, siteMask, clock, new AuthSettings(parseAuthConfig(DEFAULT_AUTH_CONFIG)));
        const optimizer = new JobOptimizerService(new JobRepository(dataSource), taskQueues, waiting, siteMask, clock, cache, events);
        const rescheduler = new JobRescheduler(new JobRepository(dataSource), waiting, optimizer, config, clock, events);
        const leases = new AgentLeases(new AgentLeaseRepository(dataSource), clock, holder);
        return new StalledJobAgent(new StalledJobRepository(dataSource), new JobRepository(dataSource), rescheduler, leases, config, clock);
      };
    });

    async function jobOn(pilotRef: string | null, status: JobStatus, set: JobAttributeChange = {}, rescheduled = 0): Promise<number> {
      const [id = 0] = await jobs.insertJobs([newJobFixture({ submissionTime: now })]);
      for (let i = 0; i < rescheduled; i++) {
        await jobs.incrementReschedule(id);
      }
      await attempts.create({
        jobId: id,
        attempt: 1,
        fencingToken: `f${id}`,
        matchedAt: now,
        site: 'Local.localhost',
        ce: 'local',
        pilotRef,
      });
      await jobs.transition(id, {
        from: [JobStatus.Received],
        to: { status, minorStatus: 'Application' },
        source: 'test',
        time: now,
        set: { attempt: 1, ...set },
      });
      return id;
    }

    async function pilot(pilotRef: string, ending: 'Running' | 'Aborted'): Promise<void> {
      await pilots.recordSubmitted([{ pilotRef, ce: 'local', site: 'Local.localhost', time: now }]);
      await pilots.connected({
        pilotRef,
        ce: 'local',
        site: 'Local.localhost',
        pilotVersion: '0.1.0',
        subject: 'pilot',
        replicaId: 'r1',
        resources: '{}',
        time: now,
      });
      if (ending === 'Aborted') {
        await pilots.ended(pilotRef, 'Aborted', 'killed', now);
      }
    }

    it('stalls a silent job, sends it back to the queues once its pilot is gone, and fails it at MAJORANA_MAX_RESCHEDULING', async () => {
      now = T0;
      await pilot('local://local/dead', 'Aborted');
      await pilot('local://local/alive', 'Running');
      const lost = await jobOn('local://local/dead', JobStatus.Running, { startExecTime: now, heartBeatTime: now });
      const tired = await jobOn('local://local/dead', JobStatus.Running, { startExecTime: now, heartBeatTime: now }, 1);
      const quiet = await jobOn('local://local/alive', JobStatus.Running, { startExecTime: now, heartBeatTime: now });
      now = T0 + 4 * MINUTE;
      const beating = await jobOn('local://local/alive', JobStatus.Running, { startExecTime: now, heartBeatTime: now });
      now = T0 + 6 * MINUTE;

      const cycle = await newAgent('replica-a').runOnce();

      expect(cycle?.stalled).toEqual(expect.arrayContaining([lost, tired, quiet]));
      expect(cycle?.stalled).not.toContain(beating);
      expect(await jobs.findById(lost)).toMatchObject({ status: JobStatus.Waiting, rescheduleCounter: 1 });
      expect((await jobs.loggingHistory(lost)).map((entry) => `${entry.status}: ${entry.minorStatus}`)).toEqual(
        expect.arrayContaining([
          'Stalled: Job stalled: no heartbeat for 360 s',
          'Rescheduled: Job stalled: pilot not running',
          'Received: Job Rescheduled',
        ]),
      );
      expect(await jobs.findById(tired)).toMatchObject({ status: JobStatus.Failed, minorStatus: 'Job stalled: pilot not running' });
      expect(await jobs.findById(quiet)).toMatchObject({ status: JobStatus.Stalled, minorStatus: 'Job stalled: no heartbeat for 360 s' });
      expect(await jobs.findById(beating)).toMatchObject({ status: JobStatus.Running });
    });

    it('reschedules a job matched long ago that its pilot never started', async () => {
      now = T0 + 10 * MINUTE;
      const unstarted = await jobOn('local://local/alive', JobStatus.Matched);
      now += 5 * MINUTE + 1;

      expect((await newAgent('replica-a').runOnce())?.neverStarted).toContain(unstarted);
      expect(await jobs.findById(unstarted)).toMatchObject({ status: JobStatus.Waiting, rescheduleCounter: 1 });
    });

    it('lets only the replica holding the lease act', async () => {
      now = T0 + 60 * MINUTE;
      const other = newAgent('replica-b', await getDatabase().openAnother());

      expect(await newAgent('replica-a').runOnce()).not.toBeNull();
      expect(await other.runOnce()).toBeNull();
    });
  });
});
