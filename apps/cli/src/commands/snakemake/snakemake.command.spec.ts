import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../program.js';
import { MemoryCliIo } from '../../testing/memory-cli-io.js';

/** The command line's contract with Snakemake where no server is needed to check it. */
describe('majorana snakemake', () => {
  let runtimeDir: string;
  beforeAll(async () => {
    runtimeDir = await mkdtemp(join(tmpdir(), 'majorana-snakemake-cli-'));
  });
  afterAll(async () => {
    await rm(runtimeDir, { recursive: true, force: true });
  });

  async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; io: MemoryCliIo }> {
    const io = new MemoryCliIo('', { XDG_RUNTIME_DIR: runtimeDir, MAJORANA_TOKEN: 'not-checked-here', ...env });
    return { code: await runCli(['snakemake', ...args], io), io };
  }

  describe('status', () => {
    it('answers failed, exiting 0, for something that is not a JobID', async () => {
      const { code, io } = await run(['status', 'Submitted']);

      expect({ code, out: io.out }).toEqual({ code: 0, out: 'failed\n' });
      expect(io.err).toContain('"Submitted" is not a JobID');
    });

    it('answers running, exiting 0, while the server cannot be reached', async () => {
      const { code, io } = await run(['status', '17'], { MAJORANA_URL: 'http://127.0.0.1:1' });

      expect({ code, out: io.out }).toEqual({ code: 0, out: 'running\n' });
      expect(io.err).toContain('job 17: cannot reach the Majorana server at http://127.0.0.1:1');
    });

    it('answers failed at once when the deadline for server errors is zero', async () => {
      const { code, io } = await run(['status', '18', '--deadline', '0'], { MAJORANA_URL: 'http://127.0.0.1:1' });

      expect({ code, out: io.out }).toEqual({ code: 0, out: 'failed\n' });
      expect(io.err).toContain('giving up');
    });
  });

  describe('submit', () => {
    it('exits 2 and prints nothing on stdout for a jobscript that does not exist', async () => {
      const { code, io } = await run(['submit', join(runtimeDir, 'no-such-jobscript.sh')]);

      expect({ code, out: io.out }).toEqual({ code: 2, out: '' });
      expect(io.err).toContain('no-such-jobscript.sh: no such file');
    });

    it('refuses threads that are not a whole number', async () => {
      const { code, io } = await run(['submit', '--threads', 'two', thisSpecFile()]);

      expect({ code, out: io.out }).toEqual({ code: 2, out: '' });
      expect(io.err).toContain('--threads must be a whole number of at least 1, got "two"');
    });
  });

  describe('cancel', () => {
    it('exits 2 naming what is not a JobID, before asking the server anything', async () => {
      const { code, io } = await run(['cancel', '12', 'x13', '0'], { MAJORANA_URL: 'http://127.0.0.1:1' });

      expect(code).toBe(2);
      expect(io.err).toBe('majorana: not JobIDs: x13, 0\n');
    });

    it('exits 1 with one line when the server cannot be reached', async () => {
      const { code, io } = await run(['cancel', '12,13', '14'], { MAJORANA_URL: 'http://127.0.0.1:1' });

      expect(code).toBe(1);
      expect(io.err).toMatch(/^majorana: cannot reach the Majorana server at http:\/\/127\.0\.0\.1:1 .*\n$/);
    });
  });
});

/** Any readable file will do as a jobscript for the option checks. */
function thisSpecFile(): string {
  return new URL(import.meta.url).pathname;
}
