import { describe, expect, it } from '@jest/globals';
import type { LoggingRecord } from '@majorana/client';
import { loggingTable, proxyInfoLines, selectedJobsText, statusLine, submittedLine, timeLeft } from './dirac-formats.js';
import { pythonRepr } from './python-repr.js';

/** DIRAC's texts as its scripts print them (../shared/DIRAC-CLI-FORMATS.md), compared line by line. */
describe('DIRAC output formats', () => {
  it('prints a submitted job as `JobID = 11` and a parametric one as a Python list', () => {
    expect(submittedLine([11])).toBe('JobID = 11\n');
    expect(submittedLine([11, 12, 13])).toBe('JobID = [11, 12, 13]\n');
  });

  it('prints the status line with keys sorted, Site last and a trailing space', () => {
    expect(
      statusLine({ JobID: 9558, ApplicationStatus: 'Unknown', MinorStatus: 'Execution Complete', Status: 'Done', Site: 'LCG.X.uk' }),
    ).toBe('JobID=9558 ApplicationStatus=Unknown; MinorStatus=Execution Complete; Status=Done; Site=LCG.X.uk; \n');
  });

  it("prints the logging table as DIRAC's printTable does, times as YYYY-MM-DD HH:MM:SS", () => {
    const records: LoggingRecord[] = [
      {
        Source: 'JobManager',
        Status: 'Received',
        MinorStatus: 'Job accepted',
        ApplicationStatus: 'Unknown',
        StatusTime: '2026-01-20T10:31:01.250Z',
      },
      {
        Source: 'JobScheduling',
        Status: 'Waiting',
        MinorStatus: 'Pilot Agent Submission',
        ApplicationStatus: 'Unknown',
        StatusTime: '2026-01-20T10:31:02Z',
      },
    ];
    const lines = loggingTable(records).split('\n');
    expect(lines).toEqual([
      'Source         Status    MinorStatus             ApplicationStatus  DateTime             ',
      '='.repeat(15 + 10 + 24 + 19 + 21),
      'JobManager     Received  Job accepted            Unknown            2026-01-20 10:31:01  ',
      'JobScheduling  Waiting   Pilot Agent Submission  Unknown            2026-01-20 10:31:02  ',
      '',
    ]);
    // The reference table of the formats file: the same columns, the same rule.
    expect(lines[0]?.trimEnd()).toBe('Source         Status    MinorStatus             ApplicationStatus  DateTime');
  });

  it('matches the column layout of a real DIRAC table once the widths are the same', () => {
    const wide: LoggingRecord[] = [
      {
        Source: 'JobManager',
        Status: 'Received',
        MinorStatus: 'Job accepted',
        ApplicationStatus: 'Unknown',
        StatusTime: '2026-01-20T10:31:01Z',
      },
      {
        Source: 'x'.repeat(16),
        Status: 'y'.repeat(13),
        MinorStatus: 'Pilot Agent Submission',
        ApplicationStatus: 'Unknown',
        StatusTime: '2026-01-20T10:31:02Z',
      },
    ];
    const [header, rule, first] = loggingTable(wide).split('\n');
    expect(header?.trimEnd()).toBe('Source            Status         MinorStatus             ApplicationStatus  DateTime');
    expect(rule).toBe('='.repeat(97));
    expect(first?.trimEnd()).toBe('JobManager        Received       Job accepted            Unknown            2026-01-20 10:31:01');
  });

  it('prints selected jobs with their conditions, the first M of N, or that none were selected', () => {
    const conditions = [
      ['Status', 'Done'],
      ['Date', '2026-11-25'],
    ] as const;
    expect(selectedJobsText([1, 2, 3], 3, conditions)).toBe(
      '==> Selected 3 jobs with conditions: Status = Done, Date = 2026-11-25\n1,2,3\n',
    );
    expect(selectedJobsText([1, 2], 5, conditions)).toBe(
      '==> Selected 5 jobs (first 2 shown) with conditions: Status = Done, Date = 2026-11-25\n1,2\n',
    );
    expect(selectedJobsText([], 0, conditions)).toBe('No jobs were selected with conditions: Status = Done, Date = 2026-11-25\n');
  });

  it("pads dirac-proxy-info's labels to 13 and counts time left as HH:MM:SS", () => {
    expect(
      proxyInfoLines([
        ['subject', 'ana'],
        ['DIRAC group', 'user'],
      ]),
    ).toBe('subject      : ana\nDIRAC group  : user\n');
    const now = new Date('2026-01-01T00:00:00Z');
    expect(timeLeft(new Date('2026-01-08T01:02:03Z'), now)).toBe('169:02:03');
    expect(timeLeft(new Date('2025-12-31T00:00:00Z'), now)).toBe('00:00:00');
  });
});

describe(pythonRepr.name, () => {
  it("writes dicts keyed by JobID as Python's repr does", () => {
    expect(pythonRepr(new Map([[123, { CPUNormalizationFactor: '6.8', Sites: ['A', 'B'], Done: true, Left: null, N: 3 }]]))).toBe(
      "{123: {'CPUNormalizationFactor': '6.8', 'Sites': ['A', 'B'], 'Done': True, 'Left': None, 'N': 3}}",
    );
  });

  it('quotes and escapes strings as Python does', () => {
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr('say "hi"')).toBe('\'say "hi"\'');
    expect(pythonRepr('a\\b\nc\t')).toBe("'a\\\\b\\nc\\t'");
    expect(pythonRepr('both \' and "')).toBe("'both \\' and \"'");
  });
});
