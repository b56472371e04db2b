import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { LOCAL_PILOT_INDEX_FILE, LocalPilotIndexFile } from './local-pilot-index.file.js';
import type { LocalPilotRecord } from './local-pilot-record.js';

const ID = '3f1c2a4e-0000-4000-8000-000000000001';
const RECORD: LocalPilotRecord = {
  id: ID,
  ref: `local://ce-a/${ID}`,
  pid: 4242,
  submittedAtMs: 1_764_000_000_000,
  exit: { code: 0, signal: null, atMs: 1_764_000_001_000 },
  cancelledAtMs: null,
  lostAtMs: null,
};

describe(LocalPilotIndexFile.name, () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-index-'));
    path = join(dir, LOCAL_PILOT_INDEX_FILE);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function readCode(index: LocalPilotIndexFile): Promise<CeErrorCode> {
    const error = await index.read().then(
      () => null,
      (thrown: unknown) => thrown,
    );
    if (error instanceof CeException) {
      return error.code;
    }
    throw new Error(`expected a CeException, got ${String(error)}`);
  }

  it('reads nothing before the first write', async () => {
    expect(await new LocalPilotIndexFile(path, 'ce-a').read()).toEqual([]);
  });

  it('reads back what it wrote, leaving no temporary file', async () => {
    const index = new LocalPilotIndexFile(path, 'ce-a');
    await index.write([RECORD, { ...RECORD, exit: null, lostAtMs: 1_764_000_002_000 }]);
    await index.write([RECORD]);
    expect(await index.read()).toEqual([RECORD]);
    expect(await readdir(dir)).toEqual([LOCAL_PILOT_INDEX_FILE]);
  });

  it("refuses another CE's index", async () => {
    await new LocalPilotIndexFile(path, 'ce-a').write([RECORD]);
    expect(await readCode(new LocalPilotIndexFile(path, 'ce-b'))).toBe(CeErrorCode.IndexUnreadable);
  });

  it('refuses a file that is not JSON or not a version 1 index', async () => {
    const index = new LocalPilotIndexFile(path, 'ce-a');
    await writeFile(path, '{"version":1,');
    expect(await readCode(index)).toBe(CeErrorCode.IndexUnreadable);
    await writeFile(path, JSON.stringify({ version: 2, ce: 'ce-a', pilots: [] }));
    expect(await readCode(index)).toBe(CeErrorCode.IndexUnreadable);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a pid that would signal our own group', { pid: 0 }],
    ['a pid that would signal every process', { pid: 1 }],
    ['an id that is a path', { id: '../../etc', ref: 'local://ce-a/../../etc' }],
    ['a ref that does not match its id', { ref: 'local://ce-a/another' }],
    ['a malformed exit', { exit: { code: 'zero', signal: null, atMs: 1 } }],
  ])('refuses an entry with %s', async (_what, change) => {
    await new LocalPilotIndexFile(path, 'ce-a').write([RECORD]);
    const saved = JSON.parse(await readFile(path, 'utf8')) as { pilots: Record<string, unknown>[] };
    saved.pilots[0] = { ...saved.pilots[0], ...change };
    await writeFile(path, JSON.stringify(saved));
    expect(await readCode(new LocalPilotIndexFile(path, 'ce-a'))).toBe(CeErrorCode.IndexUnreadable);
  });
});
