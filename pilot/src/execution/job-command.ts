import { constants } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path';
import { splitCommandLine } from './command-line.util.js';
import { ExecutionError } from './execution.error.js';
import { type JobSpec } from './job-assignment.js';

/** The program to start and its arguments, resolved against the working directory and PATH. */
export interface JobCommand {
  /** Absolute path of the program. */
  command: string;
  args: string[];
}

/**
 * Finds what a job's `Executable` names. DIRAC accepts both `Executable = "runstuff.sh"; Arguments =
 * "inputfile.txt"` and `Executable = "runstuff.sh inputfile.txt"`, so the whole string is first taken as
 * a file name and only split into a command line when no such file exists. A bare word is looked up in
 * the working directory (sandbox files are named without `./`), then on the job's PATH, like a shell.
 */
export async function resolveJobCommand(
  spec: Pick<JobSpec, 'executable' | 'arguments'>,
  workDir: string,
  pathVariable: string | undefined,
): Promise<JobCommand> {
  const executable = spec.executable.trim();
  if (executable === '') {
    throw new ExecutionError('executable-not-found', 'the job has no Executable: set one in its JDL');
  }
  const args = splitCommandLine(spec.arguments);
  const whole = resolve(workDir, executable);
  if (await isFile(whole)) {
    return { command: whole, args };
  }
  const [program, ...leading] = splitCommandLine(executable);
  if (program === undefined) {
    throw new ExecutionError('executable-not-found', 'the job has no Executable: set one in its JDL');
  }
  return { command: await locateProgram(program, workDir, pathVariable), args: [...leading, ...args] };
}

async function locateProgram(program: string, workDir: string, pathVariable: string | undefined): Promise<string> {
  const local = resolve(workDir, program);
  if (program.includes('/')) {
    if (await isFile(local)) {
      return local;
    }
    throw new ExecutionError('executable-not-found', `${program} does not exist: check the Executable and the InputSandbox`);
  }
  if (await isFile(local)) {
    return local;
  }
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    // An empty or relative PATH entry would mean the pilot's own directory: never look there.
    if (dir !== '' && isAbsolute(dir)) {
      const candidate = join(dir, program);
      if ((await isFile(candidate)) && (await isExecutable(candidate))) {
        return candidate;
      }
    }
  }
  throw new ExecutionError(
    'executable-not-found',
    `${program} is neither a file of the input sandbox nor a command on PATH: check the Executable and the InputSandbox`,
  );
}

/**
 * Sandbox files lose their mode bits on many upload paths (and users forget `chmod +x`), so a program
 * that came with the job is made executable, as DIRAC's job wrapper does. Programs outside the working
 * directory are left alone: the pilot must not change the node.
 */
export async function makeRunnableWhenInWorkDir(command: string, workDir: string): Promise<void> {
  if (!command.startsWith(workDir + sep)) {
    return;
  }
  const { mode } = await stat(command);
  if ((mode & 0o100) === 0) {
    // Execute wherever read is allowed (0o644 becomes 0o755), as `chmod +x` would under umask 022.
    await chmod(command, (mode & 0o7777) | 0o100 | ((mode & 0o044) >> 2));
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
