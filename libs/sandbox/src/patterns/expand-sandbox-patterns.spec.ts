import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSandboxPatterns } from './expand-sandbox-patterns.js';

describe(expandSandboxPatterns.name, () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'majorana-expand-'));
    for (const path of [
      'a.log',
      'b.log',
      '.c.log',
      'out/run1/r.root',
      'out/run2/r.root',
      'out/run2/deep/r.root',
      'out/.cache/r.root',
      'notes.txt',
    ]) {
      await mkdir(join(cwd, path, '..'), { recursive: true });
      await writeFile(join(cwd, path), path);
    }
  });

  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const paths = async (patterns: string[]) => (await expandSandboxPatterns(cwd, patterns)).entries.map((entry) => entry.path);

  it('matches wildcards within one directory, leaving hidden files out', async () => {
    expect(await paths(['*.log'])).toEqual(['a.log', 'b.log']);
  });

  it('matches ** across directories, not into hidden ones', async () => {
    expect(await paths(['out/**/r.root'])).toEqual(['out/run1/r.root', 'out/run2/deep/r.root', 'out/run2/r.root']);
  });

  it('takes a matched directory whole, hidden files included, with its directories as entries', async () => {
    const { entries } = await expandSandboxPatterns(cwd, ['out']);

    expect(entries).toEqual([
      { path: 'out', type: 'directory' },
      { path: 'out/.cache', type: 'directory' },
      { path: 'out/.cache/r.root', type: 'file' },
      { path: 'out/run1', type: 'directory' },
      { path: 'out/run1/r.root', type: 'file' },
      { path: 'out/run2', type: 'directory' },
      { path: 'out/run2/deep', type: 'directory' },
      { path: 'out/run2/deep/r.root', type: 'file' },
      { path: 'out/run2/r.root', type: 'file' },
    ]);
  });

  it('reports patterns that match nothing and lists each path once', async () => {
    const result = await expandSandboxPatterns(cwd, ['notes.txt', '*.txt', 'missing.dat', 'none/*.x']);

    expect(result.entries.map((entry) => entry.path)).toEqual(['notes.txt']);
    expect(result.missing).toEqual(['missing.dat', 'none/*.x']);
  });

  it('keeps a symlink as a link and never descends through one', async () => {
    await symlink('/etc', join(cwd, 'etc'));
    await symlink('out', join(cwd, 'alias'));

    const { entries, missing } = await expandSandboxPatterns(cwd, ['*', '*/passwd', 'al*/**/r.root']);

    expect(entries.filter((entry) => entry.type === 'symlink')).toEqual([
      { path: 'alias', type: 'symlink' },
      { path: 'etc', type: 'symlink' },
    ]);
    expect(entries.some((entry) => entry.path.includes('passwd'))).toBe(false);
    expect(missing).toEqual(['*/passwd', 'al*/**/r.root']);
    await expect(expandSandboxPatterns(cwd, ['etc/passwd'])).rejects.toMatchObject({ code: 'unsafe-link' });
  });

  it('skips a FIFO reached by a wildcard and refuses one named outright', async () => {
    execFileSync('mkfifo', [join(cwd, 'pipe')]);

    const result = await expandSandboxPatterns(cwd, ['*']);

    expect(result.skipped).toEqual(['pipe']);
    expect(result.entries.map((entry) => entry.path)).not.toContain('pipe');
    await expect(expandSandboxPatterns(cwd, ['pipe'])).rejects.toMatchObject({ code: 'unsupported-entry' });
  });
});
