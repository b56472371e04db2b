import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { jobDescriptionToJson, parseJdl, toJobDescription } from '@majorana/jdl';
import { buildJobscriptJdl, interpreterOf, jdlString, shellWord } from './jobscript-jdl.util.js';

/** The JDL as the server reads it, with DIRAC's attribute names. */
function parsed(jdl: string): Record<string, unknown> {
  return jobDescriptionToJson(toJobDescription(parseJdl(jdl)));
}

/** The words a POSIX shell makes of `line` (the pilot splits Arguments the same way). */
function shellWords(line: string): string[] {
  const result = spawnSync('/bin/sh', ['-c', `for word in ${line}; do printf '%s\\n' "$word"; done`], { encoding: 'utf8' });
  return result.stdout.split('\n').slice(0, -1);
}

describe(buildJobscriptJdl.name, () => {
  it('runs the jobscript in place with the interpreter of its #! line, named, with its threads and logs kept', () => {
    const jdl = buildJobscriptJdl({
      jobscript: '/work/flow/.snakemake/tmp.ab12/snakejob.simulate.3.sh',
      firstLine: '#!/bin/sh',
      name: 'simulate.3',
      processors: 2,
      jobGroup: 'higgs-2024',
    });

    expect(parsed(jdl)).toMatchObject({
      JobName: 'simulate.3',
      Executable: '/bin/sh',
      Arguments: '/work/flow/.snakemake/tmp.ab12/snakejob.simulate.3.sh',
      NumberOfProcessors: 2,
      JobGroup: 'higgs-2024',
      StdOutput: 'snakemake.out',
      StdError: 'snakemake.err',
      OutputSandbox: ['snakemake.out', 'snakemake.err'],
      InputSandbox: [],
    });
  });

  it('leaves out what it was not given, so the server applies its defaults', () => {
    const jdl = buildJobscriptJdl({ jobscript: '/tmp/job.sh' });

    expect(jdl).not.toMatch(/JobName|NumberOfProcessors|JobGroup|CPUTime/);
    expect(parsed(jdl)).toMatchObject({ Executable: '/bin/sh', Arguments: '/tmp/job.sh' });
  });

  it('passes CPUTime through', () => {
    expect(parsed(buildJobscriptJdl({ jobscript: '/tmp/job.sh', cpuTime: 3600 }))).toMatchObject({ CPUTime: 3600 });
  });

  it('keeps a path with spaces, quotes and a backslash one argument, and a name with quotes intact', () => {
    const jobscript = `/data/my "odd" fo'lder\\x/snakejob.a.1.sh`;
    const job = parsed(buildJobscriptJdl({ jobscript, firstLine: '#!/usr/bin/env bash', name: 'say "hi"\n' }));

    expect(job).toMatchObject({ Executable: '/usr/bin/env', JobName: 'say "hi"\n' });
    expect(shellWords(job['Arguments'] as string)).toEqual(['bash', jobscript]);
  });
});

describe(interpreterOf.name, () => {
  it.each([
    ['#!/bin/sh', ['/bin/sh']],
    ['#!/bin/bash -e', ['/bin/bash', '-e']],
    ['#! /usr/bin/env python3', ['/usr/bin/env', 'python3']],
    ['# properties = {}', ['/bin/sh']],
    ['', ['/bin/sh']],
    ['#!', ['/bin/sh']],
  ])('reads %j as %j', (line, words) => {
    expect(interpreterOf(line)).toEqual(words);
  });
});

describe(shellWord.name, () => {
  it('leaves plain paths bare and quotes the rest so the shell gives them back unchanged', () => {
    expect(shellWord('/a/b-c_d.sh')).toBe('/a/b-c_d.sh');
    for (const word of ['a b', "it's", '$HOME', '*', 'a\\b', '']) {
      expect(shellWords(shellWord(word))).toEqual([word]);
    }
  });
});

describe(jdlString.name, () => {
  it('escapes what the grammar would otherwise end or refuse', () => {
    expect(jdlString('a"b\\c\td\u0001')).toBe('"a\\"b\\\\c\\td\\001"');
  });
});
