import { describe, expect, it } from '@jest/globals';
import type { JobRepository, JobTransition, SilentJobRow, StalledJobRepository, StalledJobRow, UnstartedMatchRow } from '@majorana/db';
import { JobStatus } from '@majorana/domain';
import { loadServerConfig } from '../../config/server-config.js';
import type { JobRescheduler, RescheduleOutcome, SystemRescheduleOptions } from '../../jobs/job-rescheduler.service.js';
import type { AgentLeases } from '../leases/agent-leases.service.js';
import { StalledJobAgent } from './stalled-job.agent.js';

const NOW = 1_764_000_000_000;
const S = 1_000;

interface Fixture {
  silent?: SilentJobRow[];
  stalled?: StalledJobRow[];
  unstarted?: UnstartedMatchRow[];
  leaseHeld?: boolean;
  /** Jobs whose compare-and-set loses (they moved meanwhile). */
  moved?: number[];
}

function newAgent(fixture: Fixture = {}) {
  const transitions: { jobId: number; change: JobTransition }[] = [];
  const reschedules: { jobIds: readonly number[]; options: SystemRescheduleOptions }[] = [];
  const asked: { silentSince?: number; matchedBefore?: number } = {};
  const stalledJobs = {
    silentJobs: (_statuses: readonly JobStatus[], silentSince: number) => {
      asked.silentSince = silentSince;
      return Promise.resolve(fixture.silent ?? []);
    },
    // Jobs stalled in this cycle are read back as Stalled, as the database would.
    stalledJobs: () =>
      Promise.resolve([
        ...(fixture.stalled ?? []),
        ...transitions.map(({ jobId }) => ({
          id: jobId,
          rescheduleCounter: 0,
          pilotRef: 'p',
          pilotStatus: 'Aborted' as const,
          pilotLastContact: 0,
        })),
      ]),
    unstartedMatches: (matchedBefore: number) => {
      asked.matchedBefore = matchedBefore;
      return Promise.resolve(fixture.unstarted ?? []);
    },
  } as unknown as StalledJobRepository;
  const jobs = {
    transition: (jobId: number, change: JobTransition) => {
      if (fixture.moved?.includes(jobId)) {
        return Promise.resolve(false);
      }
      transitions.push({ jobId, change });
      return Promise.resolve(true);
    },
  } as unknown as JobRepository;
  const rescheduler = {
    reschedule: (jobIds: readonly number[], options: SystemRescheduleOptions) => {
      reschedules.push({ jobIds, options });
      return Promise.resolve(new Map<number, RescheduleOutcome>(jobIds.map((id) => [id, 'rescheduled'])));
    },
  } as unknown as JobRescheduler;
  const leases = { hold: () => Promise.resolve(fixture.leaseHeld ?? true) } as unknown as AgentLeases;
  const config = loadServerConfig({ MAJORANA_HOME: '/tmp/unused', MAJORANA_STALLED_AFTER_S: '300' });
  const clock = { now: () => NOW };
  const sut = new StalledJobAgent(stalledJobs, jobs, rescheduler, leases, config, clock);
  return { sut, transitions, reschedules, asked };
}

const silentRow = (id: number, heartBeatTime: number | null, status = JobStatus.Running): SilentJobRow => ({
  id,
  status,
  heartBeatTime,
  startExecTime: NOW - 3_600 * S,
  lastUpdateTime: NOW - 3_600 * S,
});

describe(StalledJobAgent.name, () => {
  it('declares Stalled the Running and Completing jobs silent for MAJORANA_STALLED_AFTER_S, saying for how long', async () => {
    const { sut, transitions, asked } = newAgent({ silent: [silentRow(1, NOW - 301 * S), silentRow(2, null, JobStatus.Completing)] });

    const cycle = await sut.runOnce();

    expect(asked.silentSince).toBe(NOW - 300 * S);
    expect(cycle?.stalled).toEqual([1, 2]);
    expect(transitions).toEqual([
      {
        jobId: 1,
        change: {
          from: [JobStatus.Running],
          to: { status: JobStatus.Stalled, minorStatus: 'Job stalled: no heartbeat for 301 s' },
          source: 'StalledJobAgent',
          time: NOW,
        },
      },
      {
        jobId: 2,
        change: {
          from: [JobStatus.Completing],
          to: { status: JobStatus.Stalled, minorStatus: 'Job stalled: no heartbeat for 3600 s' },
          source: 'StalledJobAgent',
          time: NOW,
        },
      },
    ]);
  });

  it('leaves alone a silent job that moved meanwhile (its heartbeat came, a user killed it)', async () => {
    const { sut, transitions } = newAgent({ silent: [silentRow(1, NOW - 400 * S)], moved: [1] });

    expect((await sut.runOnce())?.stalled).toEqual([]);
    expect(transitions).toEqual([]);
  });

  it('reschedules Stalled jobs whose pilot is gone, and only those, as DIRAC says: pilot not running', async () => {
    const stalled: StalledJobRow[] = [
      { id: 10, rescheduleCounter: 0, pilotRef: 'local://local/a', pilotStatus: 'Aborted', pilotLastContact: NOW - 10 * S },
      { id: 11, rescheduleCounter: 0, pilotRef: 'local://local/b', pilotStatus: 'Running', pilotLastContact: NOW - 10 * S },
      { id: 12, rescheduleCounter: 2, pilotRef: 'local://local/c', pilotStatus: 'Disconnected', pilotLastContact: NOW - 301 * S },
      { id: 13, rescheduleCounter: 0, pilotRef: 'local://local/d', pilotStatus: 'Disconnected', pilotLastContact: NOW - 60 * S },
      { id: 14, rescheduleCounter: 0, pilotRef: null, pilotStatus: null, pilotLastContact: null },
    ];
    const { sut, reschedules } = newAgent({ stalled });

    const cycle = await sut.runOnce();

    expect(reschedules[0]).toEqual({
      jobIds: [10, 12, 14],
      options: { source: 'StalledJobAgent', reason: 'Job stalled: pilot not running', from: [JobStatus.Stalled] },
    });
    expect(cycle?.pilotGone).toEqual([10, 12, 14]);
  });

  it('reschedules in the same cycle a silent job whose pilot is already gone', async () => {
    const { sut, reschedules } = newAgent({ silent: [silentRow(7, NOW - 900 * S)] });

    const cycle = await sut.runOnce();

    expect(cycle?.stalled).toEqual([7]);
    expect(reschedules[0]?.jobIds).toEqual([7]);
  });

  it('reschedules Matched jobs whose attempt is older than MAJORANA_STALLED_AFTER_S: the pilot never started them', async () => {
    const { sut, reschedules, asked } = newAgent({ unstarted: [{ id: 20, matchedAt: NOW - 400 * S, pilotRef: 'local://local/x' }] });

    const cycle = await sut.runOnce();

    expect(asked.matchedBefore).toBe(NOW - 300 * S);
    expect(reschedules[1]).toEqual({
      jobIds: [20],
      options: { source: 'StalledJobAgent', reason: 'Pilot never started the job', from: [JobStatus.Matched] },
    });
    expect(cycle?.neverStarted).toEqual([20]);
  });

  it('does nothing while another process holds the lease', async () => {
    const { sut, transitions, reschedules } = newAgent({ silent: [silentRow(1, NOW - 400 * S)], leaseHeld: false });

    expect(await sut.runOnce()).toBeNull();
    expect(transitions).toEqual([]);
    expect(reschedules).toEqual([]);
  });
});
