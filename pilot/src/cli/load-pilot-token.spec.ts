import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPilotToken } from './load-pilot-token.js';

describe(loadPilotToken.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-pilot-token-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the credential from a file without its trailing newline', async () => {
    await writeFile(join(dir, 'token'), 'eyJ.secret\n');
    expect(await loadPilotToken({ kind: 'file', path: join(dir, 'token') })).toBe('eyJ.secret');
  });

  it('refuses an empty or unreadable file, naming it', async () => {
    await writeFile(join(dir, 'empty'), '\n');
    await expect(loadPilotToken({ kind: 'file', path: join(dir, 'empty') })).rejects.toThrow(/--token-file .*empty is empty/);
    await expect(loadPilotToken({ kind: 'file', path: join(dir, 'missing') })).rejects.toThrow(/--token-file .*missing cannot be read/);
  });
});
