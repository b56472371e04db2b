import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startPilot, type PilotProcess } from '../pilots/support/pilot-process.js';
import { describeOnEachDatabase } from '../server/support/test-server.js';
import { createClientVenv, PYTHON_CLIENT_DIR, runProgram, type PythonVenv } from './python-venv.js';

const SEED_DIR = fileURLToPath(new URL('../fixtures/jobs/seed/', import.meta.url));
/** The Python suite waits for real jobs on a real pilot; a venv and pip install come first. */
const SUITE_TIMEOUT_MS = 600_000;

describe('the Python client (clients/python), installed offline in a fresh venv', () => {
  let venv: PythonVenv | undefined;
  beforeAll(async () => {
    venv = await createClientVenv();
  }, 180_000);
  afterAll(async () => {
    await venv?.remove();
  });

  it('imports as DIRAC users write it, from the installed package', async () => {
    const result = await runProgram(
      venv!.python,
      ['-c', 'import majorana; from majorana import Job, Dirac, Client; print(majorana.__file__)'],
      {
        cwd: venv!.dir,
      },
    );
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain(join(venv!.dir, 'venv'));
  });

  describeOnEachDatabase({ env: { MAJORANA_HEARTBEAT_S: '2' } }, (server) => {
    let pilot: PilotProcess | undefined;
    let home: string;
    let token: string;
    beforeAll(async () => {
      token = (await server().newUser(['user'], 'py')).token;
      const pilotToken = (await server().newUser(['pilot'], 'pilot')).token;
      // Five slots: the suite's seed job, three parametric jobs and a sleeping job may run at once.
      pilot = await startPilot({ serverUrl: server().url, token: pilotToken, slots: 6, idleTimeoutS: 900 });
      home = await mkdtemp(join(tmpdir(), 'majorana-pyhome-'));
    });
    afterAll(async () => {
      await pilot?.stop();
      await rm(home, { recursive: true, force: true });
    });

    it(
      'passes its unittest suite, unit tests and real jobs on a real pilot alike',
      async () => {
        const tests = join(PYTHON_CLIENT_DIR, 'tests');
        // Run from the venv's folder so `import majorana` is the installed package, not the source tree.
        const result = await runProgram(venv!.python, ['-m', 'unittest', 'discover', '-v', '-s', tests, '-t', tests], {
          cwd: venv!.dir,
          env: {
            ...process.env,
            MAJORANA_URL: server().url,
            MAJORANA_TOKEN: token,
            MAJORANA_HOME: home,
            MAJORANA_TEST_SERVER: '1',
            MAJORANA_TEST_SEED_DIR: SEED_DIR,
            PYTHONDONTWRITEBYTECODE: '1',
          },
        });
        if (result.code !== 0) {
          throw new Error(`python -m unittest exited ${result.code}:\n${result.output}\n--- pilot output ---\n${pilot?.output() ?? ''}`);
        }
        // Every test ran: none skipped (the real-server ones skip without MAJORANA_TEST_SERVER).
        expect(result.output).not.toMatch(/skipped/);
        expect(result.output).toMatch(/test_the_seed_job_runs_and_its_output_comes_back .* ok/);
        expect(result.output).toMatch(/\nOK\s*$/);
      },
      SUITE_TIMEOUT_MS,
    );
  });
});
