import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { buildSlurmBatchScript } from './slurm-batch-script.js';

const run = promisify(execFile);

describe(buildSlurmBatchScript.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "majorana-batch-'$x "));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the script as Slurm would (sh, SLURM_JOB_ID set) with a tiny node program as the pilot. */
  async function runAsSlurmJob(script: string, jobId: string): Promise<{ stdout: string; code: number }> {
    const path = join(dir, 'batch.sh');
    await writeFile(path, script);
    try {
      const { stdout } = await run('/bin/sh', [path], { env: { PATH: '/usr/bin:/bin', SLURM_JOB_ID: jobId }, cwd: dir });
      return { stdout, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; code: number };
      return { stdout: failed.stdout, code: failed.code };
    }
  }

  const pilot = (code: number) =>
    `const fs = require('fs'); console.log(JSON.stringify({ argv: process.argv.slice(1), ref: process.env.MAJORANA_PILOT_REF, env: process.env.GREETING, cwd: process.cwd() })); process.exit(${code});`;

  it('runs the pilot with its arguments, environment and a ref made from the Slurm job id', async () => {
    const script = buildSlurmBatchScript({
      ceName: 'hpc01',
      pilotsDir: dir,
      launch: {
        executable: process.execPath,
        script: '-e',
        args: [pilot(0), "it's", '$HOME', '`id`', 'a b'],
        env: { GREETING: "hello 'world' $PATH" },
      },
    });
    const { stdout, code } = await runAsSlurmJob(script, '4242');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      argv: ["it's", '$HOME', '`id`', 'a b'],
      ref: 'slurm://hpc01/4242',
      env: "hello 'world' $PATH",
      cwd: join(dir, '4242'),
    });
  });

  it('records the exit code beside the output, exits with it, and removes an empty run directory', async () => {
    const script = buildSlurmBatchScript({
      ceName: 'hpc01',
      pilotsDir: dir,
      launch: { executable: process.execPath, script: '-e', args: [pilot(3)], env: {} },
    });
    expect((await runAsSlurmJob(script, '77')).code).toBe(3);
    expect(await readFile(join(dir, '77.exit'), 'utf8')).toBe('3\n');
    expect(await readdir(dir)).toEqual(['77.exit', 'batch.sh'].sort());
  });
});
