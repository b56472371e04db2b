import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { cpuSecondsOf, parseProcStat, parseVmRssKiB } from './proc-stat.util.js';

// A real line of /proc/<pid>/stat, with a command name made to contain ") (" and spaces.
const STAT =
  '4242 (my) (odd name) S 4200 4242 4242 0 -1 4194304 97 0 1 0 250 50 30 20 20 0 1 0 54736 2990080 410 ' +
  '18446744073709551615 93988168409088 93988168427017 140724853964704 0 0 0 0 6 0 1 0 0 17 1 0 0 0 0 0';

describe(parseProcStat.name, () => {
  it('reads the fields after the last ")" so a command name cannot shift them', () => {
    expect(parseProcStat(STAT)).toEqual({
      pid: 4242,
      state: 'S',
      ppid: 4200,
      pgrp: 4242,
      session: 4242,
      utime: 250,
      stime: 50,
      cutime: 30,
      cstime: 20,
      starttime: 54736,
    });
  });

  it("parses this very process's entry", () => {
    const stat = parseProcStat(readFileSync(`/proc/${process.pid}/stat`, 'utf8'));

    expect(stat).toMatchObject({ pid: process.pid, ppid: process.ppid });
  });

  it('gives null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (short) S 1 2')).toBeNull();
  });
});

describe(cpuSecondsOf.name, () => {
  it("adds own and reaped children's user and system time, in seconds", () => {
    expect(cpuSecondsOf(parseProcStat(STAT)!)).toBe(3.5);
  });
});

describe(parseVmRssKiB.name, () => {
  it('reads VmRSS in KiB, and 0 when the process has none', () => {
    expect(parseVmRssKiB('Name:\tsleep\nVmPeak:\t 8000 kB\nVmRSS:\t    1536 kB\nRssAnon:\t 100 kB\n')).toBe(1536);
    expect(parseVmRssKiB('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBe(0);
  });
});
