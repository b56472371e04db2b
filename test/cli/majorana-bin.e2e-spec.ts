import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/** The built `majorana` program as a user runs it (npm test builds first; package.json "bin" points here). */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(
  root,
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.majorana ?? '',
);

function majorana(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: join(root, 'test', 'fixtures'), input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the majorana binary', () => {
  it('checks the seed job from a file and from standard input', () => {
    expect(majorana(['jdl', 'check', 'jobs/seed.jdl'])).toMatchObject({ status: 0, stderr: 'jobs/seed.jdl: ok (1 job)\n' });
    const seed = readFileSync(join(root, 'test', 'fixtures', 'jobs', 'seed.jdl'), 'utf8');
    expect(majorana(['jdl', 'check', '-'], seed)).toMatchObject({ status: 0, stderr: '<stdin>: ok (1 job)\n' });
  });

  it('keeps standard output to the JSON document alone with --json', () => {
    const result = majorana(['jdl', 'expand', '--json', 'jobs/run-sweep.jdl']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
  });

  it('ends quietly when the reader closes its standard output early (| head)', async () => {
    // A 5,000-job expansion is megabytes of JSON: far more than a pipe holds once the reader is gone.
    const jdl = 'Executable = "sim.sh"; Arguments = "--run %n"; Parameters = 5000;';
    const child = spawn(process.execPath, [bin, 'jdl', 'expand', '--json', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(jdl);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints a located error block without a stack trace and exits 1', () => {
    const result = majorana(['jdl', 'check', 'jobs/bad-cputime.jdl']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'jobs/bad-cputime.jdl:4:13: CPUTime must be an integer between 100 and 500000, got "two hours"\n      CPUTime = "two hours";\n                ^\n',
    );
  });

  it('answers an unknown command with usage help and exit code 2', () => {
    const result = majorana(['jdl', 'frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });
});
