import { describe, expect, it } from '@jest/globals';
import { buildSbatchArgs, parseSbatchJobIds } from './sbatch-args.js';
import { SlurmWorkDirLayout } from './slurm-work-dir-layout.js';

describe(buildSbatchArgs.name, () => {
  const base = {
    ceName: 'hpc01.example.org',
    layout: new SlurmWorkDirLayout('/scratch/majorana'),
    partition: undefined,
    timeLimitMinutes: undefined,
    slotsPerPilot: 4,
    extraSbatchArgs: [],
  };

  it('asks for one node with the pilot slots as CPUs, no requeue, output per job id', () => {
    expect(buildSbatchArgs(base)).toEqual([
      '--parsable',
      '--job-name=majorana.hpc01.example.org',
      '--export=ALL',
      '--no-requeue',
      '--nodes=1',
      '--ntasks=1',
      '--cpus-per-task=4',
      '--chdir=/scratch/majorana/pilots',
      '--output=/scratch/majorana/pilots/%j.out',
      '--error=/scratch/majorana/pilots/%j.err',
    ]);
  });

  it('adds the partition, the time limit and the admin options last', () => {
    expect(
      buildSbatchArgs({ ...base, partition: 'short', timeLimitMinutes: 90, extraSbatchArgs: ['--account=phys', '--mem=4G'] }).slice(-4),
    ).toEqual(['--partition=short', '--time=90', '--account=phys', '--mem=4G']);
  });
});

describe(parseSbatchJobIds.name, () => {
  it('reads one job id per line, with or without a cluster name', () => {
    expect(parseSbatchJobIds('101\n102;cluster-a\n')).toEqual(['101', '102']);
  });

  it('skips lines that are not job ids', () => {
    expect(parseSbatchJobIds('sbatch: warning: something\n103\n\n')).toEqual(['103']);
  });
});
