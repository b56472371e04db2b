import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { errnoCode } from './errno-code.js';
import { isZombie } from './is-zombie.js';
import type { ProcessExit, ProcessSpawner, SpawnedProcess, SpawnRequest } from './process-spawner.js';

/** {@link ProcessSpawner} on node:child_process and process.kill (POSIX process groups). */
export class ChildProcessSpawner implements ProcessSpawner {
  async spawn(request: SpawnRequest): Promise<SpawnedProcess> {
    const stdout = await open(request.stdoutPath, 'a');
    try {
      const stderr = await open(request.stderrPath, 'a');
      try {
        // detached: setsid(), so the child leads its own process group; a cancel signals the group and
        // reaches whatever the pilot started. The files are handed over as the child's fds 1 and 2 at
        // fork time, so closing ours right after spawn() returns does not affect it.
        const child = spawn(request.executable, [...request.args], {
          cwd: request.cwd,
          env: { ...request.env },
          detached: true,
          stdio: ['ignore', stdout.fd, stderr.fd],
          windowsHide: true,
        });
        // Listen before waiting for 'spawn': a very short process may exit before we look again.
        const exit = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
        await new Promise<void>((resolve, reject) => {
          child.once('spawn', resolve);
          child.once('error', reject);
        });
        // After 'spawn', 'error' only reports a failed child.kill(), which we never call; without a
        // listener such an event would crash the server.
        child.on('error', () => undefined);
        if (child.pid === undefined) {
          throw new Error(`${request.executable} started without a pid`);
        }
        return { pid: child.pid, exit };
      } finally {
        await stderr.close();
      }
    } finally {
      await stdout.close();
    }
  }

  signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
    // process.kill(-0) signals our own group and process.kill(-1) every process we may signal: a
    // corrupt pid must never get that far.
    if (!Number.isSafeInteger(groupId) || groupId <= 1) {
      throw new RangeError(`refusing to signal process group ${groupId}`);
    }
    try {
      process.kill(-groupId, signal);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ESRCH') {
        return false;
      }
      throw error;
    }
  }

  isAlive(pid: number): boolean {
    if (!Number.isSafeInteger(pid) || pid <= 0) {
      return false;
    }
    try {
      process.kill(pid, 0);
      return !isZombie(pid);
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return errnoCode(error) === 'EPERM' && !isZombie(pid);
    }
  }
}
