import { spawn } from 'node:child_process';
import { type FileHandle, open } from 'node:fs/promises';
import { ExecutionError } from './execution.error.js';
import { type LaunchSpec, type LaunchedProcess, type ProcessExit, type ProcessLauncher } from './process-launcher.js';

/**
 * Spawns payloads with child_process. The output files are opened here and handed to the child as
 * its stdout/stderr descriptors, so output never passes through the pilot's memory (a chatty job
 * cannot slow the pilot, and the pilot's event loop cannot make a job block on a full pipe). Detached
 * makes the payload a process-group leader (pgid = pid), which lets the watchdog signal the whole group.
 */
export class SpawnProcessLauncher implements ProcessLauncher {
  async launch(spec: LaunchSpec): Promise<LaunchedProcess> {
    const handles: FileHandle[] = [];
    try {
      const stdout = await open(spec.stdoutPath, 'w');
      handles.push(stdout);
      const stderr = spec.stderrPath === spec.stdoutPath ? stdout : await open(spec.stderrPath, 'w');
      if (stderr !== stdout) {
        handles.push(stderr);
      }
      return await spawnDetached(spec, stdout.fd, stderr.fd);
    } finally {
      // The child holds its own copies of the descriptors from here on.
      await Promise.all(handles.map((handle) => handle.close()));
    }
  }
}

function spawnDetached(spec: LaunchSpec, stdoutFd: number, stderrFd: number): Promise<LaunchedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', stdoutFd, stderrFd],
    });
    const exit = new Promise<ProcessExit>((settle) => {
      child.once('exit', (code, signal) => settle({ code, signal }));
    });
    child.once('spawn', () => {
      // A later 'error' (a failed kill) must not crash the pilot: the exit promise tells the outcome.
      child.on('error', () => undefined);
      resolve({ pid: child.pid as number, exit });
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new ExecutionError('executable-not-runnable', describeSpawnError(spec.command, error), { cause: error }));
    });
  });
}

function describeSpawnError(command: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      // The program exists (it was resolved before), so the missing file is its #! interpreter.
      return `${command} could not be started: its interpreter (the #! line) was not found on this node`;
    case 'EACCES':
      return `${command} could not be started: permission denied (is it executable, on a noexec file system?)`;
    case 'ENOEXEC':
      return `${command} could not be started: not a program for this node (add a #! line to scripts)`;
    default:
      return `${command} could not be started: ${error.message}`;
  }
}
