import { describe, expect, it } from '@jest/globals';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../program.js';
import { MemoryCliIo } from '../../testing/memory-cli-io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');
const fixture = (path: string): string => relative(process.cwd(), join(root, 'test', 'fixtures', path));

async function run(args: string[], stdin = ''): Promise<{ code: number; io: MemoryCliIo }> {
  const io = new MemoryCliIo(stdin);
  const code = await runCli(args, io);
  return { code, io };
}

describe('majorana jdl', () => {
  describe('check', () => {
    it('exits 0 for valid files and says how many jobs each makes', async () => {
      const { code, io } = await run(['jdl', 'check', fixture('jobs/seed.jdl'), fixture('jobs/run-sweep.jdl')]);
      expect(code).toBe(0);
      expect(io.err).toContain('seed.jdl: ok (1 job)');
      expect(io.err).toContain('run-sweep.jdl: ok (3 jobs)');
      expect(io.out).toBe('');
    });

    it('exits 1 with one located error block per bad file and still checks the others', async () => {
      const bad = fixture('jobs/bad-cputime.jdl');
      const { code, io } = await run(['jdl', 'check', bad, fixture('jobs/seed.jdl'), '-'], 'Executable = "x"\nArguments = "y"');
      expect(code).toBe(1);
      expect(io.err).toContain(
        `${bad}:4:13: CPUTime must be an integer between 100 and 500000, got "two hours"\n      CPUTime = "two hours";\n                ^\n`,
      );
      expect(io.err).toContain('seed.jdl: ok (1 job)');
      expect(io.err).toContain('<stdin>:2:1: missing ";" before "Arguments"');
    });

    it('exits 2 when a file cannot be read', async () => {
      const { code, io } = await run(['jdl', 'check', 'no-such-file.jdl']);
      expect(code).toBe(2);
      expect(io.err).toBe('majorana: cannot read no-such-file.jdl: no such file\n');
    });
  });

  describe('show', () => {
    it('prints one flat JSON object with DIRAC names, typed values and defaults', async () => {
      const { code, io } = await run(['jdl', 'show', '--json', fixture('jobs/seed.jdl')]);
      expect(code).toBe(0);
      const job = JSON.parse(io.out) as Record<string, unknown>;
      expect(job).toMatchObject({
        Executable: 'runstuff.sh inputfile.txt',
        StdOutput: 'stdout.txt',
        StdError: 'stderr.txt',
        InputSandbox: ['runstuff.sh', 'inputfile.txt'],
        OutputSandbox: ['stdout.txt', 'stderr.txt'],
        CPUTime: 10000,
        NumberOfProcessors: 4,
        Priority: 1,
        JobType: 'User',
        LogLevel: 'INFO',
        Site: [],
        Requirements: null,
      });
      expect(io.err).toBe('');
    });

    it('prints an aligned table without --json', async () => {
      const { io } = await run(['jdl', 'show', fixture('jobs/seed.jdl')]);
      expect(io.out).toMatch(/^Executable +runstuff\.sh inputfile\.txt$/m);
      expect(io.out).toMatch(/^InputSandbox +runstuff\.sh, inputfile\.txt$/m);
    });
  });

  describe('expand', () => {
    it('prints one JSON array of the jobs a parametric JDL makes', async () => {
      const { code, io } = await run(['jdl', 'expand', '--json', fixture('jobs/run-sweep.jdl')]);
      expect(code).toBe(0);
      const jobs = JSON.parse(io.out) as Record<string, unknown>[];
      expect(jobs.map((job) => [job.JobName, job.Arguments, job.OutputSandbox, job.Parameter, job.ParameterNumber])).toEqual([
        ['reco_1041', '--run 1041 --slot 0', ['reco_1041.log', '*.root'], 1041, 0],
        ['reco_1042', '--run 1042 --slot 1', ['reco_1042.log', '*.root'], 1042, 1],
        ['reco_1043', '--run 1043 --slot 2', ['reco_1043.log', '*.root'], 1043, 2],
      ]);
    });

    it('prints each job as canonical JDL that checks again', async () => {
      const { io } = await run(['jdl', 'expand', fixture('jobs/run-sweep.jdl')]);
      const blocks = io.out.split(/^\/\/ job \d+ of 3\n/m).filter((block) => block.trim() !== '');
      expect(blocks).toHaveLength(3);
      for (const block of blocks) {
        expect((await run(['jdl', 'check', '-'], block)).code).toBe(0);
      }
    });
  });

  describe('match', () => {
    it('exits 0 when both sides accept each other and shows the values and the rank', async () => {
      const { code, io } = await run(['jdl', 'match', fixture('jobs/multicore-sim.jdl'), fixture('resources/big-node.ad')]);
      expect(io.err).toBe('');
      expect(code).toBe(0);
      expect(io.out).toMatch(/^job Requirements +true /m);
      expect(io.out).toMatch(/^resource Requirements +true /m);
      expect(io.out).toMatch(/^job Rank +28 /m);
      expect(io.out).toMatch(/^match$/m);
    });

    it('exits 1 and shows which side said no', async () => {
      const { code, io } = await run(['jdl', 'match', '--json', fixture('jobs/multicore-sim.jdl'), fixture('resources/small-node.ad')]);
      expect(code).toBe(1);
      expect(JSON.parse(io.out)).toMatchObject({
        matched: false,
        jobRequirements: { value: 'false' },
        resourceRequirements: { value: 'true', expression: 'other.NumberOfProcessors <= 8' },
      });
    });
  });

  it('prints the help and exits 0 when called without a command', async () => {
    const { code, io } = await run([]);
    expect(code).toBe(0);
    expect(io.out).toContain('Usage: majorana');
    expect(io.out).toContain('jdl');
  });
});
