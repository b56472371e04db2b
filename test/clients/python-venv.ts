import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Python client's source tree. */
export const PYTHON_CLIENT_DIR = fileURLToPath(new URL('../../clients/python/', import.meta.url));

export interface ProcessResult {
  readonly code: number | string;
  /** stdout and stderr interleaved, as a person would read them. */
  readonly output: string;
}

/** Runs a program to its end, keeping its output (never throws for a non-zero exit). */
export function runProgram(
  program: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', output }));
  });
}

/** A fresh venv in a temporary folder with the client installed the way users install it, offline. */
export interface PythonVenv {
  readonly dir: string;
  readonly python: string;
  remove(): Promise<void>;
}

export async function createClientVenv(): Promise<PythonVenv> {
  const dir = await mkdtemp(join(tmpdir(), 'majorana-pyvenv-'));
  const python = join(dir, 'venv', 'bin', 'python');
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', join(dir, 'venv')]],
    // --no-index: the install must need nothing from the network (the build backend is in the tree).
    [python, ['-m', 'pip', 'install', '--no-index', '--disable-pip-version-check', '--no-cache-dir', PYTHON_CLIENT_DIR]],
  ];
  for (const [program, args] of steps) {
    const result = await runProgram(program, args, { cwd: dir, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    if (result.code !== 0) {
      await remove();
      throw new Error(`${program} ${args.join(' ')} exited ${result.code}:\n${result.output}`);
    }
  }
  return { dir, python, remove };
}
