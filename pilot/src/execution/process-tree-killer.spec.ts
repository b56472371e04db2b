import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { ProcFsTreeReader } from './process-tree.js';
import { ProcessTreeKiller } from './process-tree-killer.js';
import { isGone, waitFor } from './testing/process-probe.js';

function spawnDetached(script: string): number {
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid as number;
}

describe(ProcessTreeKiller.name, () => {
  const tree = new ProcFsTreeReader();

  it('ends the grace early when every process died of SIGTERM', async () => {
    const pid = spawnDetached('exec sleep 30');
    const killer = new ProcessTreeKiller({ tree, graceMs: 5000 });
    const started = Date.now();

    await killer.terminate(pid, new Map());

    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => isGone(pid), 1000, 'the process to be gone');
  });

  it('SIGKILLs a process that ignores SIGTERM once the grace is over', async () => {
    const pid = spawnDetached(`trap '' TERM; exec sleep 30`);
    const known = new Map<number, number>();
    await waitFor(async () => (await tree.read(pid, known, false)).some(({ stat }) => stat.state === 'S'), 2000, 'the sleep to start');
    const signals: string[] = [];
    const killer = new ProcessTreeKiller({
      tree,
      graceMs: 300,
      signal: (target, signal) => {
        signals.push(`${signal} ${target === -pid ? 'group' : target === pid ? 'leader' : target}`);
        try {
          process.kill(target, signal);
        } catch {
          // gone
        }
      },
    });

    await killer.terminate(pid, known);

    await waitFor(() => isGone(pid), 1000, 'the process to be gone');
    expect(signals.slice(0, 3)).toEqual(['SIGTERM group', 'SIGTERM leader', 'SIGKILL group']);
    expect(known.has(pid)).toBe(true);
  });

  it('kills what a finished leader left behind in its group', async () => {
    const pid = spawnDetached('sleep 30 & echo started');
    await waitFor(async () => (await tree.read(pid, new Map(), false)).some(({ stat }) => stat.pid !== pid), 2000, 'the orphan');
    const orphan = (await tree.read(pid, new Map(), false)).find(({ stat }) => stat.pid !== pid)?.stat.pid as number;

    await new ProcessTreeKiller({ tree }).killLeftovers(pid, new Map());

    await waitFor(() => isGone(orphan), 1000, 'the orphan to be gone');
  });
});
