import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { SshPilotIndexFile } from './ssh-pilot-index.file.js';
import type { SshPilotRecord } from './ssh-pilot-record.js';

const REMOTE = 'ssh://pilots@login.example.org:22/scratch/majorana';
const record: SshPilotRecord = {
  id: '3f1c0d5e-6a7b-4c8d-9e0f-112233445566',
  ref: 'ssh://ce-test/3f1c0d5e-6a7b-4c8d-9e0f-112233445566',
  pid: 4242,
  submittedAtMs: 1_000,
  cancelledAtMs: 2_000,
  end: { status: 'Aborted', exitCode: 143, atMs: 3_000 },
};

describe(SshPilotIndexFile.name, () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-ssh-index-'));
    path = join(dir, 'ssh-pilots.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function codeOf(call: Promise<unknown>): Promise<CeErrorCode | undefined> {
    try {
      await call;
      return undefined;
    } catch (error) {
      return error instanceof CeException ? error.code : undefined;
    }
  }

  it('reads nothing from a missing file, and reads back what it wrote', async () => {
    const sut = new SshPilotIndexFile(path, 'ce-test', REMOTE);
    expect(await sut.read()).toEqual([]);
    await sut.write([record]);
    expect(await sut.read()).toEqual([record]);
  });

  it('refuses an index of another CE or another remote directory', async () => {
    await new SshPilotIndexFile(path, 'ce-test', REMOTE).write([record]);
    expect(await codeOf(new SshPilotIndexFile(path, 'other-ce', REMOTE).read())).toBe(CeErrorCode.IndexUnreadable);
    expect(await codeOf(new SshPilotIndexFile(path, 'ce-test', `${REMOTE}-2`).read())).toBe(CeErrorCode.IndexUnreadable);
  });

  it('refuses garbage and malformed entries, naming the file', async () => {
    await writeFile(path, 'not json');
    await expect(new SshPilotIndexFile(path, 'ce-test', REMOTE).read()).rejects.toThrow(path);
    for (const bad of [
      { ...record, pid: 1 },
      { ...record, ref: 'ssh://other/x' },
      { ...record, end: { status: 'Done' } },
    ]) {
      await writeFile(path, JSON.stringify({ version: 1, ce: 'ce-test', remote: REMOTE, pilots: [bad] }));
      expect(await codeOf(new SshPilotIndexFile(path, 'ce-test', REMOTE).read())).toBe(CeErrorCode.IndexUnreadable);
    }
  });

  it('leaves no temporary file behind', async () => {
    await new SshPilotIndexFile(path, 'ce-test', REMOTE).write([record]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1, ce: 'ce-test', remote: REMOTE });
    expect(await readdir(dir)).toEqual(['ssh-pilots.json']);
  });
});
