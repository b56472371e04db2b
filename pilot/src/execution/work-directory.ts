import { mkdir, rm, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { ExecutionError } from './execution.error.js';

/** A job attempt's own working directory under the pilot's work root. */
export function workDirectoryOf(workRoot: string, jobId: number, attempt: number): string {
  return resolve(workRoot, `job-${jobId}-${attempt}`);
}

/**
 * Creates an empty directory, first removing what a previous pilot that crashed may have left under
 * the same name: a job must never see another run's files.
 */
export async function createFreshDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // The work root itself is missing (first job, or removed by a cleaner): make it.
      await mkdir(path, { recursive: true });
      return;
    }
    if (code !== 'EEXIST') {
      throw error;
    }
    await rm(path, { recursive: true, force: true });
    await mkdir(path);
  }
}

export async function removeDirectory(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 2 });
}

/**
 * The path of a file the JDL names inside the working directory. StdOutput/StdError come from users,
 * so a name leaving the directory (`../../x`, `/etc/x`) is refused rather than written to.
 */
export function fileInside(workDir: string, name: string, what: string): string {
  const path = resolve(workDir, name);
  if (!path.startsWith(workDir + sep)) {
    throw new ExecutionError('invalid-job-description', `${what} "${name}" is not a file name inside the job's working directory`);
  }
  return path;
}

/** Bytes in a file, 0 when it does not exist. */
export async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
