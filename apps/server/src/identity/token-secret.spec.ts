import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadOrCreateTokenSecret } from './token-secret.js';

describe(loadOrCreateTokenSecret.name, () => {
  const homes: string[] = [];
  const freshHome = (): string => {
    const home = mkdtempSync(join(tmpdir(), 'majorana-secret-'));
    homes.push(home);
    return home;
  };
  afterEach(() => homes.splice(0).forEach((home) => rmSync(home, { recursive: true, force: true })));

  it('makes a 32-byte secret readable by its owner only, and returns the same one afterwards', () => {
    const home = freshHome();
    const first = loadOrCreateTokenSecret(home);
    expect(first).toHaveLength(32);
    expect(statSync(join(home, 'token.secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateTokenSecret(home)).toEqual(first);
    expect(readdirSync(home)).toEqual(['token.secret']);
  });

  it('refuses a secret file that is too short, saying how to recover', () => {
    const home = freshHome();
    writeFileSync(join(home, 'token.secret'), 'abcd\n');
    expect(() => loadOrCreateTokenSecret(home)).toThrow(/at least 32 bytes as hex; delete it/);
  });
});
