import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException, type PilotLaunch, SshComputingElement, type SshCeOptions } from '@majorana/ce';
import { describeCeConformance, eventually, FAKE_PILOT_SCRIPT, fakePilotLine } from '@majorana/ce/testing';
import { type LoopbackSshd, startLoopbackSshd } from '../infra/sshd/loopback-sshd.js';

/**
 * The SSH CE against a real sshd on a loopback port, logged in as a real unprivileged user. On this one
 * machine the "remote" pids are local ones, so the conformance suite's default kill(pid, 0) sees them.
 */
let sshd: LoopbackSshd;
/** Remote work directories (under /tmp, writable by the test user), deleted at the end. */
const remoteDirs: string[] = [];

beforeAll(async () => {
  sshd = await startLoopbackSshd();
}, 30_000);

afterAll(async () => {
  await sshd?.stop();
  await Promise.all(remoteDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function sshCeOptions(workDir: string, overrides: Partial<SshCeOptions> = {}): SshCeOptions {
  const remoteWorkDir = `/tmp/majorana-ssh-ce-${randomUUID()}`;
  remoteDirs.push(remoteWorkDir);
  return {
    name: 'ssh-conformance',
    site: 'Ssh.test',
    workDir,
    connection: { host: sshd.host, port: sshd.port, user: sshd.user, identityFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile },
    remoteWorkDir,
    maxPilots: 4,
    killGraceMs: 300,
    ...overrides,
  };
}

describeCeConformance(SshComputingElement.name, {
  open: (workDir) => SshComputingElement.open(sshCeOptions(workDir)),
});

describe(SshComputingElement.name, () => {
  let workDir: string;
  const opened: SshComputingElement[] = [];
  const launch = (args: string[], env: Record<string, string> = {}): PilotLaunch => ({
    executable: process.execPath,
    script: FAKE_PILOT_SCRIPT,
    args: ['--server', 'https://127.0.0.1:1', '--token', 'not-a-token', '--slots', '1', ...args],
    env,
  });
  /** Each CE's remote work directory, to look at what it left there. */
  const remoteDirOf = new Map<SshComputingElement, string>();
  const open = async (overrides: Partial<SshCeOptions> = {}): Promise<SshComputingElement> => {
    const options = sshCeOptions(workDir, overrides);
    const ce = await SshComputingElement.open(options);
    opened.push(ce);
    remoteDirOf.set(ce, options.remoteWorkDir);
    return ce;
  };
  /** Remote commands sshd started so far (its log says so at LogLevel VERBOSE). */
  const remoteCommands = async (): Promise<number> =>
    ((await readFile(sshd.logFile, 'utf8')).match(/Starting session: command/g) ?? []).length;
  const untilFinal = (ce: SshComputingElement, refs: string[]) =>
    eventually(
      'the pilots to end',
      async () => {
        const statuses = await ce.pilotStatuses(refs);
        return [...statuses.values()].every((s) => s === 'Done' || s === 'Failed' || s === 'Aborted') ? statuses : undefined;
      },
      15_000,
    );

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'majorana-ssh-ce-'));
  });

  afterEach(async () => {
    remoteDirOf.clear();
    await Promise.all(opened.splice(0).map((ce) => ce.close()));
    await rm(workDir, { recursive: true, force: true });
  });

  it('hands hostile arguments and environment values to the pilot verbatim', async () => {
    const ce = await open();
    const hostile = `$(touch /tmp/pwned-${randomUUID()}) 'quoted' "double" \`tick\` ; exit 9\nsecond line`;
    const args = ['--print-env', 'HOSTILE', '--note', hostile];
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(args, { HOSTILE: hostile }) });
    expect((await untilFinal(ce, [pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Done');
    const { stdout } = await ce.pilotOutput(pilot!.pilotRef);
    expect(JSON.parse(fakePilotLine(stdout, 'args')!)).toEqual(launch(args).args);
    expect(stdout).toContain(`fake-pilot env HOSTILE=${hostile}\n`);
  });

  it('keeps the pilot environment (its credential) off every command line and deletes its file', async () => {
    const ce = await open();
    const secret = `secret-${randomUUID()}`;
    const [pilot] = await ce.submitPilots({
      count: 1,
      pilotCommand: launch(['--sleep-ms', '60000', '--print-env', 'MAJORANA_PILOT_TOKEN'], { MAJORANA_PILOT_TOKEN: secret }),
    });
    const ref = pilot!.pilotRef;
    const stdout = await eventually(
      'the pilot to print its environment',
      async () => {
        const { stdout } = await ce.pilotOutput(ref);
        return fakePilotLine(stdout, 'env') === undefined ? undefined : stdout;
      },
      10_000,
    );
    expect(fakePilotLine(stdout, 'env')).toBe(`MAJORANA_PILOT_TOKEN=${secret}`);
    const commandLines = await Promise.all(
      (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')),
    );
    expect(commandLines.filter((line) => line.includes(secret))).toEqual([]);
    expect((await readdir(remoteDirOf.get(ce)!)).filter((name) => name.endsWith('.env'))).toEqual([]);
    await ce.cancelPilots([ref]);
    await untilFinal(ce, [ref]);
  });

  it('ships the pilot once, and starts, polls and cancels a batch in one remote command each', async () => {
    const ce = await open({ maxPilots: 8 });
    await ce.submitPilots({ count: 1, pilotCommand: launch([]) });

    const before = await remoteCommands();
    const pilots = await ce.submitPilots({ count: 5, pilotCommand: launch(['--sleep-ms', '60000']) });
    const refs = pilots.map((p) => p.pilotRef);
    expect(await remoteCommands()).toBe(before + 1);
    expect([...(await ce.pilotStatuses(refs)).values()]).toEqual(Array(5).fill('Running'));
    expect(await remoteCommands()).toBe(before + 2);
    await ce.cancelPilots(refs);
    expect(await remoteCommands()).toBe(before + 3);

    expect([...(await untilFinal(ce, refs)).values()]).toEqual(Array(5).fill('Aborted'));
    expect((await readdir(remoteDirOf.get(ce)!)).filter((name) => name.startsWith('fake-pilot-'))).toHaveLength(1);
  });

  it('kills a cancelled pilot that ignores SIGTERM once the grace has passed', async () => {
    const ce = await open();
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000', '--ignore-sigterm']) });
    const ref = pilot!.pilotRef;
    await eventually('the pilot to start', async () => fakePilotLine((await ce.pilotOutput(ref)).stdout, 'pid'), 10_000);
    await ce.cancelPilots([ref]);
    expect((await untilFinal(ce, [ref])).get(ref)).toBe('Aborted');
    const { stdout } = await ce.pilotOutput(ref);
    expect(stdout).toContain('fake-pilot ignoring SIGTERM');
    expect(fakePilotLine(stdout, 'exiting')).toBeUndefined();
    expect(isRunning(Number(pilot!.batchId))).toBe(false);
  });

  it('leaves pilots running when closed, and a new instance on the same work directory answers for them', async () => {
    const options = sshCeOptions(workDir);
    const first = await SshComputingElement.open(options);
    const [slow] = await first.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '1500', '--exit-code', '4']) });
    const [quick] = await first.submitPilots({ count: 1, pilotCommand: launch([]) });
    await first.close();
    const pid = Number(slow!.batchId);
    expect(isRunning(pid)).toBe(true);

    const second = await SshComputingElement.open(options);
    opened.push(second);
    const statuses = await untilFinal(second, [slow!.pilotRef, quick!.pilotRef]);
    expect(statuses.get(slow!.pilotRef)).toBe('Failed');
    expect(statuses.get(quick!.pilotRef)).toBe('Done');
    expect(fakePilotLine((await second.pilotOutput(slow!.pilotRef)).stdout, 'exiting')).toBe('4');
  });

  it('refuses a second instance on the same work directory', async () => {
    const options = sshCeOptions(workDir);
    await open(options);
    await expect(SshComputingElement.open(options)).rejects.toMatchObject({ code: CeErrorCode.WorkDirInUse });
  });

  it('reports a pilot whose wrapper and process were killed outside the CE as Aborted', async () => {
    const ce = await open();
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000']) });
    const wrapperPid = Number((await readFile(join(remoteDirOf.get(ce)!, refId(pilot!.pilotRef), 'wrapper'), 'utf8')).trim());
    process.kill(wrapperPid, 'SIGKILL');
    process.kill(-Number(pilot!.batchId), 'SIGKILL');
    expect((await untilFinal(ce, [pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Aborted');
  });

  it('says which executable is missing when the remote host has no such node', async () => {
    const ce = await open({ remoteNodePath: '/opt/no-such-node/bin/node' });
    const error = await ce.submitPilots({ count: 1, pilotCommand: launch([]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CeException);
    expect(error).toMatchObject({ code: CeErrorCode.SubmitFailed, message: expect.stringContaining('/opt/no-such-node/bin/node') });
  });

  it('says the host refused the key, naming it, when the login fails', async () => {
    const ce = await open({
      connection: { host: sshd.host, port: sshd.port, user: 'root', identityFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile },
    });
    const error = await ce.submitPilots({ count: 1, pilotCommand: launch([]) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CeErrorCode.Unreachable, message: expect.stringContaining(`root@127.0.0.1:${sshd.port}`) });
  });

  it('refuses options it cannot use before connecting', async () => {
    await expect(open({ remoteWorkDir: 'relative/dir' })).rejects.toMatchObject({ code: CeErrorCode.InvalidConfiguration });
    await expect(open({ name: 'bad/name' })).rejects.toMatchObject({ code: CeErrorCode.InvalidConfiguration });
    await expect(open({ connection: { host: sshd.host, user: '-oProxyCommand=x' } })).rejects.toMatchObject({
      code: CeErrorCode.InvalidConfiguration,
    });
  });
});

function refId(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
