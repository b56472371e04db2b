import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/** `majorana up` and the admin commands, run as a user runs them: the built binary, real processes. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'apps', 'cli', 'dist', 'main.js');

describe('majorana up', () => {
  let home: string;
  let server: ChildProcess;
  let url: string;
  let output = '';

  function majorana(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, MAJORANA_HOME: home, MAJORANA_URL: url, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'majorana-up-'));
    server = spawn(process.execPath, [bin, 'up', '--port', '0', '--home', home], { env: { ...process.env, MAJORANA_LOG_LEVEL: 'warn' } });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`majorana up did not start:\n${output}`)), 30_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /Majorana is up at (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('exit', (code) => reject(new Error(`majorana up exited with ${code}:\n${output}`)));
    });
  }, 40_000);

  afterAll(() => {
    if (server.exitCode === null) {
      server.kill('SIGKILL');
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('says where it listens, where the API docs are and where it wrote the admin token', () => {
    expect(output).toContain(`API and docs:  ${url}/api/docs`);
    expect(output).toContain(`admin token:   ${join(home, 'admin.token')}`);
    expect(readFileSync(join(home, 'admin.token'), 'utf8')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it('serves the Swagger UI and the health check without a token', async () => {
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const docs = await fetch(`${url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('adds a user and issues them a token that can submit a job and read it back', async () => {
    expect(majorana(['admin', 'user', 'add', 'ana', '-g', 'user'])).toMatchObject({ status: 0, stdout: 'added ana to user\n' });
    const issued = majorana(['admin', 'user', 'token', 'ana', '--days', '2']);
    expect(issued.status).toBe(0);
    const token = issued.stdout.trim();
    const submitted = await fetch(`${url}/api/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jdl: 'Executable = "run.sh";' }),
    });
    expect(submitted.status).toBe(201);
    const { jobIds } = (await submitted.json()) as { jobIds: number[] };
    const job = (await (await fetch(`${url}/api/jobs/${jobIds[0]}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<
      string,
      unknown
    >;
    expect(job).toMatchObject({ Owner: 'ana', OwnerGroup: 'user', Status: 'Waiting' });
  });

  it('revokes a user’s tokens so that they stop working at once', async () => {
    const token = majorana(['admin', 'user', 'token', 'ana']).stdout.trim();
    expect(majorana(['admin', 'user', 'revoke', 'ana'])).toMatchObject({ status: 0 });
    const response = await fetch(`${url}/api/jobs/1`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  it('refuses an unknown group in one line with exit code 1', () => {
    const result = majorana(['admin', 'user', 'add', 'bob', '-g', 'nosuchgroup']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^majorana: no group nosuchgroup: use one of admin, user, pilot/);
  });

  it('stops a bad start-up in one line naming the variable', () => {
    const result = majorana(['up'], { MAJORANA_PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('majorana: MAJORANA_PORT must be a whole number, got "eighty"\n');
    writeFileSync(join(home, 'bad.json'), '{"vo": "x", "groups": [], "users": [{"name": "a", "groups": ["g"]}]}');
    const badConfig = majorana(['up', '--port', '0'], { MAJORANA_CONFIG: join(home, 'bad.json') });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toMatch(/^majorana: .*bad\.json: .*g/);
  });

  it('stops cleanly on Ctrl+C', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
