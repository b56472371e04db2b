import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_KINDS } from '../server/support/test-server.js';
import { closedPort, ROOT, startCliServer, until, type CliServer } from './support/cli-server.js';

/**
 * The DIRAC-compatible commands as physicists run them: the compiled bins of package.json, real
 * processes, against `majorana up` with its agents and Local CE pilots running the jobs for real.
 */
const SEED = join(ROOT, 'test', 'fixtures', 'jobs', 'seed');

describe.each(DATABASE_KINDS)('the dirac-* commands on %s', (kind) => {
  let server: CliServer;
  let scratch: string;

  beforeAll(async () => {
    server = await startCliServer(kind);
    scratch = mkdtempSync(join(tmpdir(), 'majorana-dirac-'));
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  const statusOf = (jobId: number): string | undefined =>
    /; Status=(\w+);/.exec(server.run('dirac-wms-job-status', [String(jobId)]).stdout)?.[1];

  const submitSeed = (): number => {
    const submitted = server.run('dirac-wms-job-submit', ['Job.jdl', '-f', join(scratch, 'ids.txt')], { cwd: SEED });
    expect(submitted).toMatchObject({ status: 0, stderr: '' });
    const match = /^(?:Appending job ids to existing logfile: .*\n)?JobID = (\d+)\n$/.exec(submitted.stdout);
    expect(match).not.toBeNull();
    return Number(match?.[1]);
  };

  it('runs the seed flow: submit Job.jdl, follow its status, get its output into DIR/<JobID>/', async () => {
    const jobId = submitSeed();
    expect(readFileSync(join(scratch, 'ids.txt'), 'utf8')).toBe(`${jobId}\n`);

    await until(`job ${jobId} to finish`, () => (['Done', 'Failed'].includes(statusOf(jobId) ?? '') ? true : undefined));
    const status = server.run('dirac-wms-job-status', [`${jobId},${jobId}`, '-f', join(scratch, 'ids.txt')]);
    expect(status.status).toBe(0);
    expect(status.stdout.split('\n')).toEqual([
      `JobID=${jobId} ApplicationStatus=Application exited with status 0; MinorStatus=Execution Complete; Status=Done; Site=Local.localhost; `,
      '',
    ]);

    const output = server.run('dirac-wms-job-get-output', [String(jobId), '-D', scratch]);
    expect(output).toMatchObject({ status: 0, stdout: `Job output sandbox retrieved in ${scratch}/${jobId}/\n` });
    const stdout = readFileSync(join(scratch, String(jobId), 'stdout.txt'), 'utf8');
    expect(stdout).toContain('input: inputfile.txt, 6 lines');
    expect(readFileSync(join(scratch, String(jobId), 'stderr.txt'), 'utf8')).toBe('a line for stderr\n');

    expect(server.run('dirac-wms-job-get-output', [String(jobId), '-D', scratch]).stdout).toBe(
      `Output for job ${jobId} already retrieved, remove the output directory to redownload\n`,
    );
  }, 120_000);

  it("prints the job's history as DIRAC's logging table", () => {
    const jobId = Number(readFileSync(join(scratch, 'ids.txt'), 'utf8').trim().split('\n')[0]);
    const result = server.run('dirac-wms-job-logging-info', [String(jobId)]);
    expect(result.status).toBe(0);
    const [header = '', rule = '', first = '', ...rest] = result.stdout.split('\n');
    expect(header).toMatch(/^Source +Status +MinorStatus +ApplicationStatus +DateTime +$/);
    expect(rule).toBe('='.repeat(header.length));
    expect(first).toMatch(/^JobManager +Received +Job accepted +Unknown +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}$/);
    expect(rest.some((line) => /^\S.* Done +Execution Complete +/.test(line))).toBe(true);
    // Columns line up: every row's Status starts where the header's does.
    const column = header.indexOf('Status');
    expect([first, ...rest.filter((line) => line !== '')].every((line) => line[column - 1] === ' ' && line[column] !== ' ')).toBe(true);
  });

  it('selects the jobs done today, with the conditions said', () => {
    const today = new Date().toISOString().slice(0, 10);
    const result = server.run('dirac-wms-select-jobs', ['--Status=Done']);
    expect(result.status).toBe(0);
    const [head, ids] = result.stdout.split('\n');
    expect(head).toMatch(new RegExp(`^==> Selected \\d+ jobs with conditions: Status = Done, Date = ${today}$`));
    expect(ids?.split(',').map(Number)).toContain(Number(readFileSync(join(scratch, 'ids.txt'), 'utf8').trim()));
    expect(server.run('dirac-wms-select-jobs', ['--Status=Killed', '--Owner=nobody']).stdout).toBe(
      `No jobs were selected with conditions: Status = Killed, Owner = nobody, Date = ${today}\n`,
    );
  });

  it('kills a job, then says per job why a second kill is refused (exit 2)', async () => {
    const jdl = join(scratch, 'sleep.jdl');
    writeFileSync(jdl, 'Executable = "/bin/sleep"; Arguments = "120";');
    const jobId = Number(/JobID = (\d+)/.exec(server.run('dirac-wms-job-submit', [jdl]).stdout)?.[1]);
    expect(server.run('dirac-wms-job-kill', [String(jobId)])).toMatchObject({ status: 0, stdout: `Killed jobs ${jobId}\n` });
    await until(`job ${jobId} to be Killed`, () => (statusOf(jobId) === 'Killed' ? true : undefined));
    const again = server.run('dirac-wms-job-kill', [String(jobId)]);
    expect(again.status).toBe(2);
    expect(again.stdout).toMatch(new RegExp(`^ERROR ${jobId}: .+\\n$`));
  }, 120_000);

  it('refuses a malformed JDL with its line and column, submits nothing and exits 2', () => {
    writeFileSync(join(scratch, 'bad.jdl'), 'Executable = "run.sh"\nArguments = "x";\n');
    const result = server.run('dirac-wms-job-submit', ['bad.jdl'], { cwd: scratch });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^ERROR bad\.jdl:2:1: .+\n$/);
  });

  it('says in one line that the server cannot be reached (exit 2)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = server.run('dirac-wms-job-status', ['1'], { env: { MAJORANA_URL: url } });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(
      `ERROR: cannot reach the Majorana server at ${url} (ECONNREFUSED): is it running (majorana up)? is MAJORANA_URL right?\n`,
    );
    expect(result.stderr).toBe('');
  });

  it('says in one line that the token is bad (exit 2)', () => {
    const result = server.run('dirac-wms-job-status', ['1'], { env: { MAJORANA_TOKEN: 'not-a-token' } });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^ERROR: the token is malformed .*majorana admin user token NAME.*\n$/);
    expect(result.stderr).toBe('');
  });

  it('bans and allows a site, and shows the mask', () => {
    const site = `LCG.Cli${Date.now().toString(36)}.fr`;
    expect(server.run('dirac-admin-ban-site', [site, 'downtime']).stdout).toBe(`Site ${site} status is set to Banned\n`);
    expect(server.run('dirac-admin-ban-site', [site, 'downtime']).stdout).toBe(`Site ${site} is already Banned\n`);
    expect(server.run('dirac-admin-get-site-mask', []).stdout.split('\n')).not.toContain(site);
    expect(server.run('dirac-admin-allow-site', [site, 'back']).stdout).toBe(`Site ${site} status is set to Active\n`);
    expect(server.run('dirac-admin-get-site-mask', []).stdout.split('\n')).toContain(site);
  });

  it('logs in (credentials saved 0600), and whoami and dirac-proxy-info read the token', () => {
    const token = readFileSync(join(server.home, 'admin.token'), 'utf8').trim();
    const login = server.run('majorana', ['login', server.url, '--token', token]);
    expect(login.status).toBe(0);
    expect(login.stdout).toMatch(/^logged in to .* as admin \(group admin\)/);
    const credentials = join(server.home, 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(credentials, 'utf8'))).toEqual({ url: server.url, token });
    expect(server.run('majorana', ['whoami']).stdout).toMatch(/^user +admin\n/);
    const info = server.run('dirac-proxy-info', []);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/^subject {6}: admin\n/);
    expect(info.stdout).toContain(`path         : ${credentials}\n`);
    expect(existsSync(credentials)).toBe(true);
  });

  it('answers majorana job status --json with the jobs', () => {
    const jobId = Number(readFileSync(join(scratch, 'ids.txt'), 'utf8').trim());
    const result = server.run('majorana', ['job', 'status', String(jobId), '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ JobID: jobId, Status: 'Done' })]);
  });
});
