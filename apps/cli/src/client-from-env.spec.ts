import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_URL, resolveCredentials, saveCredentials } from './client-from-env.js';
import { MemoryCliIo } from './testing/memory-cli-io.js';

describe(resolveCredentials.name, () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'majorana-credentials-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const io = (env: Record<string, string> = {}): MemoryCliIo => new MemoryCliIo('', { MAJORANA_HOME: home, ...env });

  it('takes MAJORANA_TOKEN first, then the saved credentials, then the embedded default’s admin.token', () => {
    writeFileSync(join(home, 'admin.token'), 'admin-token\n');
    expect(resolveCredentials(io())).toEqual({ url: DEFAULT_URL, token: 'admin-token', tokenSource: join(home, 'admin.token') });
    saveCredentials(io(), { url: 'http://saved:1', token: 'saved-token' });
    expect(resolveCredentials(io())).toMatchObject({ url: 'http://saved:1', token: 'saved-token' });
    expect(resolveCredentials(io({ MAJORANA_TOKEN: 'env-token', MAJORANA_URL: 'http://env:2' }))).toEqual({
      url: 'http://env:2',
      token: 'env-token',
      tokenSource: 'MAJORANA_TOKEN',
    });
  });

  it('saves the credentials readable by their owner only', () => {
    const path = saveCredentials(io(), { url: 'http://saved:1', token: 't' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ url: 'http://saved:1', token: 't' });
  });

  it('says what to do when there is no token anywhere, and names a damaged credentials file', () => {
    expect(() => resolveCredentials(io())).toThrow(/^no token: run `majorana login URL`, set MAJORANA_TOKEN/);
    writeFileSync(join(home, 'credentials.json'), '{"url": 1}');
    expect(() => resolveCredentials(io())).toThrow(`${join(home, 'credentials.json')} is not what \`majorana login\` writes`);
  });
});
