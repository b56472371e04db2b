import { describe, expect, it } from '@jest/globals';
import type { ClassAdExpr } from '../ast/classad-ast.js';
import { parseJdl } from '../parser/parse-jdl.js';
import { formatValue } from './classad-value.js';
import { rank, symmetricMatch } from './match.js';

const ad = (text: string): ClassAdExpr => parseJdl(text).ad;

const job = ad(`[
  Executable = "mpi-job.sh";
  Owner = "job";
  CPUTime = 3600;
  Requirements = other.Memory >= 2048 && member("MPI", other.Tags) && other.Arch == "x86_64";
  Rank = other.Memory / 1024 + other.Cpus;
]`);

// Its own Requirements look back at the job: the owner (compared ignoring case) and the CPU time.
const matchingMachine = ad(`[
  Name = "wn01.example.org";
  Memory = 4096; Cpus = 8; Arch = "X86_64"; Tags = { "mpi", "GPU" };
  Requirements = other.Owner == "Job" && other.CPUTime <= 86400;
]`);

const smallMachine = ad(`[
  Name = "wn02.example.org";
  Memory = 1024; Cpus = 2; Arch = "x86_64"; Tags = { "MPI" };
  Requirements = other.Owner == "job";
]`);

describe(symmetricMatch.name, () => {
  it('matches a job and a machine whose Requirements accept each other', () => {
    const result = symmetricMatch(job, matchingMachine);
    expect(result).toEqual({
      matched: true,
      jobRequirements: { type: 'boolean', value: true },
      resourceRequirements: { type: 'boolean', value: true },
    });
  });

  it('does not match a machine that fails the job`s Requirements', () => {
    const result = symmetricMatch(job, smallMachine);
    expect(result.matched).toBe(false);
    expect(formatValue(result.jobRequirements)).toBe('false');
    expect(formatValue(result.resourceRequirements)).toBe('true');
  });

  it('does not match when only the machine`s Requirements fail', () => {
    const shortQueue = ad(`[ Memory = 8192; Cpus = 4; Arch = "x86_64"; Tags = {"MPI"}; Requirements = other.CPUTime <= 1800 ]`);
    const result = symmetricMatch(job, shortQueue);
    expect([result.matched, formatValue(result.jobRequirements), formatValue(result.resourceRequirements)]).toEqual([
      false,
      'true',
      'false',
    ]);
  });

  it('does not match when the machine refuses the owner', () => {
    const picky = ad(`[ Memory = 8192; Cpus = 4; Arch = "x86_64"; Tags = {"MPI"}; Requirements = other.Owner == "alice" ]`);
    expect(symmetricMatch(job, picky).matched).toBe(false);
  });

  it('counts a side without Requirements as true', () => {
    const open = ad(`[ Memory = 4096; Cpus = 1; Arch = "x86_64"; Tags = {"MPI"} ]`);
    expect(symmetricMatch(job, open)).toEqual({
      matched: true,
      jobRequirements: { type: 'boolean', value: true },
      resourceRequirements: { type: 'boolean', value: true },
    });
    expect(symmetricMatch(ad('[ Executable = "x" ]'), ad('[ Name = "y" ]')).matched).toBe(true);
  });

  it('does not match when a Requirements is UNDEFINED', () => {
    const untagged = ad(`[ Memory = 4096; Cpus = 1; Arch = "x86_64" ]`);
    const result = symmetricMatch(job, untagged);
    expect(result.matched).toBe(false);
    expect(formatValue(result.jobRequirements)).toBe('undefined');
  });

  it('does not match when a Requirements is not a boolean', () => {
    expect(symmetricMatch(ad('[ Requirements = 1 ]'), ad('[ Requirements = true ]')).matched).toBe(false);
  });

  it('finds unscoped names in the other ad, as gLite users expect', () => {
    const gliteJob = ad(`[ Requirements = GlueCEStateStatus == "Production" && GlueCEInfoTotalCPUs >= 4 ]`);
    expect(symmetricMatch(gliteJob, ad(`[ GlueCEStateStatus = "production"; GlueCEInfoTotalCPUs = 16 ]`)).matched).toBe(true);
    expect(symmetricMatch(gliteJob, ad(`[ GlueCEStateStatus = "Draining"; GlueCEInfoTotalCPUs = 16 ]`)).matched).toBe(false);
  });
});

describe(rank.name, () => {
  it('orders machines by the job`s Rank', () => {
    const machines: Array<readonly [string, ClassAdExpr]> = [
      ['wn02', smallMachine],
      ['wn01', matchingMachine],
      ['big', ad(`[ Memory = 16384; Cpus = 32 ]`)],
      // 3000 / 1024 is integer division: 2, plus 1.5 CPUs.
      ['odd', ad(`[ Memory = 3000; Cpus = 1.5 ]`)],
    ];
    const ranked = machines.map(([name, machine]) => [name, rank(job, machine).rank] as const).sort((a, b) => b[1] - a[1]);
    expect(ranked).toEqual([
      ['big', 48],
      ['wn01', 12],
      ['odd', 3.5],
      ['wn02', 3],
    ]);
  });

  it('keeps the evaluated value beside the number', () => {
    expect(rank(job, matchingMachine)).toEqual({ value: { type: 'integer', value: 12 }, rank: 12 });
  });

  it('counts a Rank that is not a number as 0', () => {
    expect(rank(ad('[ Rank = true ]'), matchingMachine)).toEqual({ value: { type: 'boolean', value: true }, rank: 0 });
    expect(rank(ad('[ Rank = "high" ]'), matchingMachine).rank).toBe(0);
    expect(rank(ad('[ Rank = other.Missing ]'), matchingMachine)).toEqual({ value: { type: 'undefined' }, rank: 0 });
    expect(rank(ad('[ Rank = 1 / 0 ]'), matchingMachine).rank).toBe(0);
  });

  it('counts a missing Rank as 0', () => {
    expect(rank(ad('[ Executable = "x" ]'), matchingMachine)).toEqual({ value: { type: 'undefined' }, rank: 0 });
  });

  it('ranks from the side it is asked for: a machine can rank jobs too', () => {
    const machine = ad('[ Rank = other.Owner == "job" ? 10 : 0 ]');
    expect(rank(machine, job).rank).toBe(10);
  });
});
