import { describe, expect, it } from '@jest/globals';
import type { Job } from '@majorana/client';
import { formatActionResults, formatExplanation, formatJobsTable, formatLogging, formatParameters } from './format-jobs.js';

const job = (id: number, status: string, name: string | null): Job => ({
  JobID: id,
  Status: status,
  MinorStatus: status === 'Done' ? 'Execution Complete' : 'Pilot Agent Submission',
  ApplicationStatus: 'Unknown',
  Site: 'ANY',
  Owner: 'ana',
  OwnerGroup: 'user',
  VO: 'majorana',
  JobGroup: null,
  JobName: name,
  JobType: 'User',
  Priority: 1,
  SubmissionTime: '2026-01-20T10:31:01Z',
  LastUpdateTime: '2026-01-20T10:31:02.500Z',
  HeartBeatTime: null,
  StartExecTime: null,
  EndExecTime: null,
  RescheduleCounter: 0,
});

describe(formatJobsTable.name, () => {
  it('aligns one row per job under the header, no trailing spaces', () => {
    expect(formatJobsTable([job(7, 'Waiting', 'seed'), job(1041, 'Done', null)]).split('\n')).toEqual([
      'JobID  Status   MinorStatus             ApplicationStatus  Site  JobName  LastUpdate',
      '7      Waiting  Pilot Agent Submission  Unknown            ANY   seed     2026-01-20 10:31:02',
      '1041   Done     Execution Complete      Unknown            ANY   -        2026-01-20 10:31:02',
      '',
    ]);
  });
});

describe('the other job formatters', () => {
  it('prints the history oldest first with short times', () => {
    const text = formatLogging([
      {
        Status: 'Received',
        MinorStatus: 'Job accepted',
        ApplicationStatus: 'Unknown',
        StatusTime: '2026-01-20T10:31:01Z',
        Source: 'JobManager',
      },
    ]);
    expect(text).toBe(
      'Time                 Status    MinorStatus   ApplicationStatus  Source\n2026-01-20 10:31:01  Received  Job accepted  Unknown            JobManager\n',
    );
  });

  it('sorts parameters by name and says when there are none', () => {
    expect(formatParameters({ 'WallClockTime(s)': '3', ExitCode: '0' })).toBe(
      'Parameter         Value\nExitCode          0\nWallClockTime(s)  3\n',
    );
    expect(formatParameters({})).toBe('(no parameters yet)\n');
  });

  it('marks each explain check ok or NO', () => {
    expect(
      formatExplanation({
        JobID: 3,
        Status: 'Waiting',
        taskQueue: 2,
        checks: [
          { name: 'sites-not-banned', passed: true, detail: 'LCG.A.fr is allowed' },
          { name: 'pilot-fits', passed: false, detail: 'no pilot has 8 processors: ask for fewer' },
        ],
      }),
    ).toBe(
      'job 3 is Waiting in task queue 2\n' +
        '    check             detail\n' +
        'ok  sites-not-banned  LCG.A.fr is allowed\n' +
        'NO  pilot-fits        no pilot has 8 processors: ask for fewer\n',
    );
  });

  it('lists the jobs an action did, then each refusal with its reason', () => {
    expect(
      formatActionResults('killed', [
        { JobID: 1, result: 'done', reason: '' },
        { JobID: 2, result: 'done', reason: '' },
        { JobID: 3, result: 'wrong state', reason: 'job 3 is Done' },
      ]),
    ).toBe('killed jobs 1, 2\njob 3: wrong state: job 3 is Done\n');
  });
});
