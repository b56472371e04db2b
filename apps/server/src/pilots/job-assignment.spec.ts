import { describe, expect, it } from '@jest/globals';
import { planJobRun, processorsFor } from './job-assignment.js';

const NONE = { numberOfProcessors: null, minNumberOfProcessors: null, maxNumberOfProcessors: null, wholeNode: false };

describe(planJobRun.name, () => {
  it('reads what to run from the stored JDL, with DIRAC defaults', () => {
    const plan = planJobRun(
      '[ Executable = "runstuff.sh"; Arguments = "inputfile.txt"; InputSandbox = { "SB:sha256:' +
        'a'.repeat(64) +
        '", "LFN:/km3net/x" }; OutputSandbox = { "*.log", "out.txt" }; ExecutionEnvironment = { "A=1", "B=x=y" }; CPUTime = 1000; MaxRAM = 512; ]',
      7,
      4,
      120,
    );

    expect(plan.spec).toEqual({
      executable: 'runstuff.sh',
      arguments: 'inputfile.txt',
      stdOutput: 'std.out',
      stdError: 'std.err',
      outputSandbox: ['*.log', 'out.txt'],
      environment: { A: '1', B: 'x=y' },
      processors: 1,
      maxRamMiB: 512,
    });
    expect(plan.cpuTimeLimitS).toBe(1200);
    expect(plan.hasInputSandbox).toBe(true);
  });

  it('says there is no input sandbox to fetch when the JDL lists only LFNs', () => {
    expect(planJobRun('[ Executable = "/bin/true"; InputSandbox = { "LFN:/a" }; ]', 1, 1, 120).hasInputSandbox).toBe(false);
  });
});

describe(processorsFor.name, () => {
  it('gives a fixed NumberOfProcessors, the whole slot to WholeNode, and Min..Max of what is free', () => {
    expect(processorsFor({ ...NONE }, 8)).toBe(1);
    expect(processorsFor({ ...NONE, numberOfProcessors: 4 }, 8)).toBe(4);
    expect(processorsFor({ ...NONE, wholeNode: true }, 6)).toBe(6);
    expect(processorsFor({ ...NONE, minNumberOfProcessors: 2, maxNumberOfProcessors: 16 }, 6)).toBe(6);
    expect(processorsFor({ ...NONE, minNumberOfProcessors: 2, maxNumberOfProcessors: 3 }, 6)).toBe(3);
    expect(processorsFor({ ...NONE, minNumberOfProcessors: 4 }, 2)).toBe(4);
  });
});
