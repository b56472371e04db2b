import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CeErrorCode } from '../errors/ce.exception.js';
import { LocalCommandRunner } from '../shell/local-command-runner.js';
import { SlurmPilotIndexFile } from './slurm-pilot-index.file.js';
import type { SlurmPilotRecord } from './slurm-pilot-record.js';

const RECORD: SlurmPilotRecord = {
  jobId: '4242',
  ref: 'slurm://ce-a/4242',
  submittedAtMs: 1_764_000_000_000,
  cancelledAtMs: null,
  final: { status: 'Done', atMs: 1_764_000_001_000 },
};

describe(SlurmPilotIndexFile.name, () => {
  const runner = new LocalCommandRunner();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-slurm-index-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const index = (ce = 'ce-a') => new SlurmPilotIndexFile(runner, join(dir, 'work'), ce, 10_000);

  it('creates the work directory and reads nothing the first time', async () => {
    expect(await index().prepareAndRead()).toEqual([]);
    expect(await readdir(join(dir, 'work'))).toEqual(['pilots']);
  });

  it('reads back what it wrote, leaving no temporary file', async () => {
    await index().prepareAndRead();
    await index().write([RECORD, { ...RECORD, jobId: '4243', ref: 'slurm://ce-a/4243', final: null, cancelledAtMs: 5 }]);
    await index().write([RECORD]);
    expect(await index().prepareAndRead()).toEqual([RECORD]);
    expect((await readdir(join(dir, 'work'))).sort()).toEqual(['pilots', 'pilots.json']);
  });

  it("refuses another CE's index, or an entry whose ref does not match its job id", async () => {
    await index().prepareAndRead();
    await index().write([RECORD]);
    await expect(index('ce-b').prepareAndRead()).rejects.toMatchObject({ code: CeErrorCode.IndexUnreadable });
    await index().write([{ ...RECORD, ref: 'slurm://ce-a/1' }]);
    await expect(index().prepareAndRead()).rejects.toMatchObject({ code: CeErrorCode.IndexUnreadable });
  });

  it('refuses a file that is not JSON', async () => {
    await index().prepareAndRead();
    await writeFile(join(dir, 'work', 'pilots.json'), '{"version":1,');
    await expect(index().prepareAndRead()).rejects.toMatchObject({ code: CeErrorCode.IndexUnreadable });
  });

  it('says what to do when the work directory cannot be made', async () => {
    await writeFile(join(dir, 'file'), '');
    const blocked = new SlurmPilotIndexFile(runner, join(dir, 'file', 'work'), 'ce-a', 10_000);
    await expect(blocked.prepareAndRead()).rejects.toMatchObject({ code: CeErrorCode.InvalidConfiguration });
  });
});
