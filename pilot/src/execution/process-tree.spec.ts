import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcFsTreeReader } from './process-tree.js';
import { waitFor } from './testing/process-probe.js';

describe(ProcFsTreeReader.name, () => {
  let dir: string;
  let leader: ChildProcess;
  const pids: Record<string, number> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-tree-'));
    // leader → child → grandchild (setsid: out of the leader's process group)
    const script = [
      `sh -c 'setsid sh -c "echo \\$\\$ > ${dir}/grandchild; exec sleep 30" & echo $$ > ${dir}/child; wait' &`,
      `echo $$ > ${dir}/leader`,
      'wait',
    ].join('\n');
    leader = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
    await waitFor(async () => (await readdir(dir)).length === 3, 5000, 'the tree to start');
    for (const name of ['leader', 'child', 'grandchild']) {
      pids[name] = Number(await readFile(join(dir, name), 'utf8'));
    }
  });

  afterAll(async () => {
    for (const pid of Object.values(pids)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    leader.unref();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the leader, its descendants (setsid ones too) and their memory', async () => {
    const members = await new ProcFsTreeReader().read(pids.leader as number, new Map(), true);

    const found = new Set(members.map(({ stat }) => stat.pid));
    expect(found).toEqual(new Set([pids.leader, pids.child, pids.grandchild]));
    expect(members.every(({ rssKiB }) => rssKiB > 0)).toBe(true);
  });

  it('finds a known process by pid and starttime, even one no longer below the leader', async () => {
    const reader = new ProcFsTreeReader();
    const grandchild = (await reader.read(pids.leader as number, new Map(), false)).find(({ stat }) => stat.pid === pids.grandchild);

    const viaKnown = await reader.read(999_999_999, new Map([[pids.grandchild as number, grandchild!.stat.starttime]]), false);
    const wrongStart = await reader.read(999_999_999, new Map([[pids.grandchild as number, 1]]), false);

    expect(viaKnown.map(({ stat }) => stat.pid)).toEqual([pids.grandchild]);
    expect(wrongStart).toEqual([]);
  });

  it('tells which known processes still run', async () => {
    const reader = new ProcFsTreeReader();
    const members = await reader.read(pids.leader as number, new Map(), false);
    const known = new Map(members.map(({ stat }) => [stat.pid, stat.starttime]));
    known.set(999_999_999, 1);

    expect(new Set(await reader.stillRunning(known))).toEqual(new Set([pids.leader, pids.child, pids.grandchild]));
  });

  it('reads a fixture /proc, skipping entries that vanish or are not processes', async () => {
    const proc = join(dir, 'proc');
    const entry = async (pid: number, ppid: number, pgrp: number): Promise<void> => {
      await mkdir(join(proc, String(pid)), { recursive: true });
      await writeFile(
        join(proc, String(pid), 'stat'),
        `${pid} (x) S ${ppid} ${pgrp} ${pgrp} 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 ${pid * 10} 0 0`,
      );
      await writeFile(join(proc, String(pid), 'status'), 'VmRSS:\t 2048 kB\n');
    };
    await entry(10, 1, 10);
    await entry(11, 10, 10);
    await entry(12, 1, 10); // orphan still in the group
    await entry(13, 1, 13); // unrelated
    await mkdir(join(proc, '14')); // vanished
    await mkdir(join(proc, 'self'));

    const members = await new ProcFsTreeReader(proc).read(10, new Map(), true);

    expect(members.map(({ stat }) => stat.pid).sort()).toEqual([10, 11, 12]);
    expect(members.every(({ rssKiB }) => rssKiB === 2048)).toBe(true);
  });
});
