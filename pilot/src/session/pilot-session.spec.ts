// These specs run a real PilotSession, over a real `ws` client, against a real `ws` WebSocketServer on
// 127.0.0.1 that the test scripts frame by frame (testing/scripted-server.ts). That server is the test's
// hand, not a mock of Majorana's server: it checks what the session sends against the protocol schemas
// and answers exactly what each test says. Timers run on a manual clock, so minutes pass in
// milliseconds; the network and the session's promises are real.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createMessage } from '@majorana/protocol';
import { PilotSession } from './pilot-session.js';
import { exitCodeFor } from './session-exit-code.js';
import { ScriptedServer } from './testing/scripted-server.js';
import { jobFor, settle, startSession, testResources, until } from './testing/session-harness.js';

describe(PilotSession.name, () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('says hello with its credential and resources, then parks one request for all its free slots', async () => {
    const sut = startSession(server);
    const connection = await server.nextConnection();
    const hello = await connection.next('hello');

    expect(connection.authorization).toBe('Bearer pilot-secret');
    expect(hello).toMatchObject({ pilotRef: 'pilot-1', site: 'LCG.Test.org', ce: 'ce.test.org', pilotVersion: '0.1.0-test' });
    expect(hello.resources).toEqual(testResources);
    expect(hello.runningJobs).toEqual([]);
    expect(sut.session.state).toBe('greeting');

    connection.send(
      createMessage('welcome', 's-1', {
        replyTo: hello.id,
        pilotRef: 'pilot-1',
        heartbeatIntervalS: 3600,
        serverTime: new Date().toISOString(),
      }),
    );
    const request = await connection.next('request-work');
    expect(request).toMatchObject({ freeSlots: 2, resources: { processors: 2, memoryMiB: 4096, timeLeftS: 86_400 } });
    expect(sut.session.state).toBe('working');

    // The request stays parked at the server: the pilot does not ask again while it waits.
    sut.clock.advance(100_000);
    await settle();
    expect(connection.unread).toBe(0);
  });

  it('runs the job that answers its parked request, reports it started and finished, and asks again with what is left', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(3600);
    const first = await connection.next('request-work');

    sut.clock.advance(90_000); // the server answers much later
    connection.send(jobFor(connection, first, 7));
    const second = await connection.next('request-work');
    expect(second.freeSlots).toBe(1);
    expect(sut.launcher.job(7).assignment).toMatchObject({ jobId: 7, attempt: 1, fencingToken: 'token-7', spec: { executable: 'run.sh' } });

    sut.launcher.job(7).start();
    const started = await connection.next('job-started');
    expect(started).toMatchObject({ jobId: 7, attempt: 1, fencingToken: 'token-7' });
    connection.ack(started);

    sut.launcher.job(7).finish({ exitCode: 0, outputSandbox: { sha256: 'a'.repeat(64), bytes: 1024 } });
    const finished = await connection.next('job-finished');
    expect(finished).toMatchObject({
      jobId: 7,
      attempt: 1,
      fencingToken: 'token-7',
      status: 'Done',
      exitCode: 0,
      outputSandbox: { bytes: 1024 },
    });
    connection.ack(finished);
    // Two slots are free now and the parked request offers one: it is withdrawn and asked again with
    // both, or a two-processor job could never be matched to this pilot.
    const withdrawal = await connection.next('cancel-request');
    expect(withdrawal.replyTo).toBe(second.id);
    connection.send(createMessage('no-work', 's-50', { replyTo: second.id, reason: 'cancelled', retryAfterS: 0 }));
    const third = await connection.next('request-work');
    expect(third.freeSlots).toBe(2);
    await settle();
    expect(connection.unread).toBe(0); // the new request is parked
    expect(sut.logs.some((line) => /^\S+Z INFO job-finished jobId=7 attempt=1 status=Done/.test(line))).toBe(true);
  });

  it('sends one heartbeat per interval carrying the usage of every running job', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(10);
    const first = await connection.next('request-work');

    sut.clock.advance(10_000);
    expect((await connection.next('heartbeat')).jobs).toEqual([]); // a pilot-level heartbeat

    connection.send(jobFor(connection, first, 1));
    const second = await connection.next('request-work');
    connection.send(jobFor(connection, second, 2));
    await until(() => sut.launcher.jobs.length === 2, 'both jobs are started');
    for (const job of sut.launcher.jobs) {
      job.currentUsage = { cpuTimeS: job.jobId * 10, wallTimeS: 12, memoryMiB: 256, stdoutTail: `event ${job.jobId}\n` };
      job.start();
    }
    await connection.next('job-started');
    await connection.next('job-started');

    sut.clock.advance(10_000);
    const heartbeat = await connection.next('heartbeat');
    expect(heartbeat.jobs).toEqual([
      { jobId: 1, attempt: 1, fencingToken: 'token-1', cpuTimeS: 10, wallTimeS: 12, memoryMiB: 256, stdoutTail: 'event 1\n' },
      { jobId: 2, attempt: 1, fencingToken: 'token-2', cpuTimeS: 20, wallTimeS: 12, memoryMiB: 256, stdoutTail: 'event 2\n' },
    ]);
    await settle();
    expect(connection.unread).toBe(0);
  });

  it('keeps reports until acked, and after a dropped connection says hello with its running jobs and resends them in order', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(10);
    const first = await connection.next('request-work');
    connection.send(jobFor(connection, first, 1));
    const second = await connection.next('request-work');
    connection.send(jobFor(connection, second, 2));
    await until(() => sut.launcher.jobs.length === 2, 'both jobs are started');
    sut.launcher.job(1).start();
    connection.ack(await connection.next('job-started'));
    sut.launcher.job(2).start();
    const started2 = await connection.next('job-started'); // never acked

    sut.clock.advance(10_000);
    await connection.next('heartbeat'); // never acked, and superseded by the next one
    sut.clock.advance(10_000);
    const newestHeartbeat = await connection.next('heartbeat');
    sut.launcher.job(1).finish();
    const finished1 = await connection.next('job-finished'); // never acked

    connection.drop();
    await until(() => sut.session.state === 'connecting', 'the session sees the connection is gone');
    sut.launcher.job(2).currentUsage = { cpuTimeS: 99, wallTimeS: 99, memoryMiB: 1, stdoutTail: '' }; // jobs keep running

    sut.clock.advance(1000); // first retry after 1 s
    const again = await server.nextConnection();
    const hello = await again.next('hello');
    expect(hello.runningJobs).toEqual([{ jobId: 2, attempt: 1, fencingToken: 'token-2' }]);
    again.send(
      createMessage('welcome', 's-9', {
        replyTo: hello.id,
        pilotRef: 'pilot-1',
        heartbeatIntervalS: 10,
        serverTime: new Date().toISOString(),
      }),
    );

    const resent = [await again.next('job-started'), await again.next('heartbeat'), await again.next('job-finished')];
    expect(resent).toEqual([started2, newestHeartbeat, finished1]);
    expect((await again.next('request-work')).freeSlots).toBe(1);
    for (const report of resent) {
      again.ack(report);
    }

    // A job that ends while the pilot is cut off is reported after the next reconnect.
    again.drop();
    await until(() => sut.session.state === 'connecting', 'the second connection is gone');
    sut.launcher.job(2).finish({ status: 'Failed', minorStatus: 'Application exited with status 3', exitCode: 3 });
    await settle();
    sut.clock.advance(1000);
    const third = await server.nextConnection();
    const thirdHello = await third.next('hello');
    expect(thirdHello.runningJobs).toEqual([]);
    third.send(
      createMessage('welcome', 's-1', {
        replyTo: thirdHello.id,
        pilotRef: 'pilot-1',
        heartbeatIntervalS: 10,
        serverTime: new Date().toISOString(),
      }),
    );
    expect(await third.next('job-finished')).toMatchObject({ jobId: 2, status: 'Failed', exitCode: 3 });
    expect((await third.next('request-work')).freeSlots).toBe(2);
  });

  it('backs off 1 s, 2 s, 4 s between failed connection attempts', async () => {
    const port = server.port;
    await server.close();
    const sut = startSession(server, { url: `ws://127.0.0.1:${port}/api/pilots/connect` });
    await until(() => sut.logs.filter((line) => line.includes('connect-failed')).length === 1, 'the first attempt failed');
    const delays = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const line = sut.logs.filter((entry) => entry.includes('reconnect-scheduled')).at(-1) ?? '';
      delays.push(Number(/inMs=(\d+)/.exec(line)?.[1]));
      sut.clock.advance(delays[attempt] ?? 0);
      await until(
        () => sut.logs.filter((entry) => entry.includes('connect-failed')).length === attempt + 2,
        `attempt ${attempt + 2} failed`,
      );
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  it('kills a job whose job-started is refused as a stale attempt, reports nothing more about it and offers the slot again', async () => {
    const sut = startSession(server, { resources: { ...testResources, processors: 1, slots: 1 } });
    const { connection } = await server.accept(3600);
    connection.send(jobFor(connection, await connection.next('request-work'), 5));
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    sut.launcher.job(5).start();
    connection.ack(await connection.next('job-started'), 'refused', 'stale-attempt');

    const request = await connection.next('request-work'); // not a job-finished
    expect(request.freeSlots).toBe(1);
    expect(sut.launcher.job(5).killedWith).toMatch(/stale attempt/i);
    await settle();
    expect(connection.unread).toBe(0);
  });

  it('finds the stale job of a refused heartbeat batch by asking about each job alone', async () => {
    const sut = startSession(server, { options: {} });
    const { connection } = await server.accept(10);
    connection.send(jobFor(connection, await connection.next('request-work'), 1));
    connection.send(jobFor(connection, await connection.next('request-work'), 2));
    await until(() => sut.launcher.jobs.length === 2, 'both jobs are started');
    sut.launcher.job(1).start();
    sut.launcher.job(2).start();
    connection.ack(await connection.next('job-started'));
    connection.ack(await connection.next('job-started'));

    sut.clock.advance(10_000);
    connection.ack(await connection.next('heartbeat'), 'refused', 'stale-attempt');
    const probe1 = await connection.next('heartbeat');
    const probe2 = await connection.next('heartbeat');
    expect([probe1.jobs.map((job) => job.jobId), probe2.jobs.map((job) => job.jobId)]).toEqual([[1], [2]]);
    connection.ack(probe1);
    connection.ack(probe2, 'refused', 'stale-attempt');

    expect(await connection.next('request-work')).toMatchObject({ freeSlots: 1 });
    expect([sut.launcher.job(1).killedWith, sut.launcher.job(2).killedWith]).toEqual([null, expect.stringMatching(/stale/i)]);
  });

  it('kills the attempt a kill names and reports it Failed, but ignores a kill for another attempt', async () => {
    const sut = startSession(server, { resources: { ...testResources, processors: 1, slots: 1 } });
    const { connection } = await server.accept(3600);
    connection.send(jobFor(connection, await connection.next('request-work'), 3, { attempt: 2 }));
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    sut.launcher.job(3).start();
    connection.ack(await connection.next('job-started'));

    connection.send(createMessage('kill', 's-50', { jobId: 3, attempt: 1, reason: 'Killed by user' }));
    connection.send(createMessage('kill', 's-51', { jobId: 99, attempt: 1, reason: 'Killed by user' }));
    await until(() => sut.logs.filter((line) => line.includes('kill-ignored')).length === 2, 'both kills are ignored');
    expect(sut.launcher.job(3).killedWith).toBeNull();

    connection.send(createMessage('kill', 's-52', { jobId: 3, attempt: 2, reason: 'Killed by user' }));
    expect(await connection.next('job-finished')).toMatchObject({
      jobId: 3,
      attempt: 2,
      status: 'Failed',
      minorStatus: 'Killed by user',
      exitCode: null,
    });
    expect(sut.launcher.job(3).killedWith).toBe('Killed by user');
  });

  it('drains: withdraws its parked request, lets the running job finish, then says goodbye drained', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(3600);
    connection.send(jobFor(connection, await connection.next('request-work'), 8));
    const parked = await connection.next('request-work');
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    sut.launcher.job(8).start();
    connection.ack(await connection.next('job-started'));

    connection.send(createMessage('drain', 's-60', { reason: 'site banned by admin' }));
    const cancel = await connection.next('cancel-request');
    expect(cancel.replyTo).toBe(parked.id);
    expect(sut.session.state).toBe('draining');
    connection.send(createMessage('no-work', 's-61', { replyTo: parked.id, reason: 'cancelled', retryAfterS: 0 }));

    await settle();
    expect(connection.unread).toBe(0); // no goodbye while the job runs
    sut.launcher.job(8).finish();
    connection.ack(await connection.next('job-finished'));
    const goodbye = await connection.next('goodbye');
    expect(goodbye).toMatchObject({ reason: 'drained', message: 'site banned by admin' });
    connection.close();

    const end = await sut.ended;
    expect([end.reason, exitCodeFor(end), sut.session.state]).toEqual(['drained', 0, 'stopped']);
  });

  it('leaves with goodbye idle after the idle timeout without a job, withdrawing its parked request first', async () => {
    const sut = startSession(server, { options: { idleTimeoutMs: 120_000 } });
    const { connection } = await server.accept(3600);
    const parked = await connection.next('request-work');

    sut.clock.advance(119_000);
    await settle();
    expect(connection.unread).toBe(0);
    sut.clock.advance(1000);
    expect((await connection.next('cancel-request')).replyTo).toBe(parked.id);
    connection.send(createMessage('no-work', 's-70', { replyTo: parked.id, reason: 'cancelled', retryAfterS: 0 }));
    expect(await connection.next('goodbye')).toMatchObject({ reason: 'idle', message: 'no job for 120 s' });
    connection.close();

    const end = await sut.ended;
    expect([end.reason, exitCodeFor(end)]).toEqual(['idle', 0]);
  });

  it('stays and runs a job that crossed its idle cancel-request', async () => {
    const sut = startSession(server, { resources: { ...testResources, processors: 1, slots: 1 } });
    const { connection } = await server.accept(3600);
    const parked = await connection.next('request-work');
    sut.clock.advance(120_000);
    await connection.next('cancel-request');

    connection.send(jobFor(connection, parked, 11)); // matched before the cancel arrived
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    sut.launcher.job(11).start();
    connection.ack(await connection.next('job-started'));
    expect(sut.session.state).toBe('working');

    sut.launcher.job(11).finish();
    connection.ack(await connection.next('job-finished'));
    expect(await connection.next('request-work')).toMatchObject({ freeSlots: 1 }); // at work again, not leaving
  });

  it('logs and ignores malformed frames without losing the connection', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(3600);
    const parked = await connection.next('request-work');

    connection.sendRaw('this is not json');
    connection.sendRaw(Buffer.from('{"v":1}'), true);
    connection.sendRaw(JSON.stringify({ v: 2, type: 'drain', id: 's-1', reason: 'x' }));
    connection.sendRaw(JSON.stringify({ v: 1, type: 'reboot', id: 's-2' }));
    connection.sendRaw(JSON.stringify({ v: 1, type: 'job', id: 's-3', replyTo: parked.id, jobId: -1 }));
    await until(() => sut.logs.filter((line) => line.includes('WARN malformed-frame')).length === 5, 'five malformed frames are logged');
    expect(sut.logs.filter((line) => line.includes('malformed-frame')).map((line) => /code=(\S+)/.exec(line)?.[1])).toEqual([
      'malformed-frame',
      'malformed-frame',
      'unsupported-version',
      'unknown-type',
      'invalid-message',
    ]);
    expect(sut.launcher.jobs).toEqual([]);
    expect(sut.session.state).toBe('working');

    connection.send(createMessage('drain', 's-4', { reason: 'still listening' }));
    expect((await connection.next('cancel-request')).replyTo).toBe(parked.id);
  });

  it('on a signal kills its jobs, reports them Failed "Pilot stopped: signal" and says goodbye signal', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(3600);
    connection.send(jobFor(connection, await connection.next('request-work'), 4));
    const parked = await connection.next('request-work');
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    sut.launcher.job(4).start();
    connection.ack(await connection.next('job-started'));

    sut.session.stopForSignal('SIGTERM');
    expect(sut.session.state).toBe('stopping');
    expect((await connection.next('cancel-request')).replyTo).toBe(parked.id);
    const finished = await connection.next('job-finished');
    expect(finished).toMatchObject({ jobId: 4, status: 'Failed', minorStatus: 'Pilot stopped: signal' });
    connection.ack(finished);
    connection.send(createMessage('no-work', 's-80', { replyTo: parked.id, reason: 'cancelled', retryAfterS: 0 }));
    expect(await connection.next('goodbye')).toMatchObject({ reason: 'signal' });
    connection.close();

    const end = await sut.ended;
    expect([end.reason, end.signal, exitCodeFor(end)]).toEqual(['signal', 'SIGTERM', 143]);
  });

  it('leaves on a signal after the stop grace even when the server answers nothing', async () => {
    const sut = startSession(server, { options: { stopGraceMs: 5000, closeTimeoutMs: 1000 } });
    const { connection } = await server.accept(3600);
    await connection.next('request-work');
    sut.session.stopForSignal('SIGINT');
    await connection.next('cancel-request');

    sut.clock.advance(5000);
    expect(await connection.next('goodbye')).toMatchObject({ reason: 'signal' });
    sut.clock.advance(1000); // the server does not close either: the pilot does
    const end = await sut.ended;
    expect(exitCodeFor(end)).toBe(130);
    expect((await connection.closed).code).toBe(1000);
  });

  it('gives up after the reconnect timeout: kills its jobs and ends with an error', async () => {
    const sut = startSession(server, { options: { reconnectTimeoutMs: 10_000 } });
    const { connection } = await server.accept(3600);
    connection.send(jobFor(connection, await connection.next('request-work'), 6));
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    await server.close();
    await until(() => sut.session.state === 'connecting', 'the session sees the server is gone');

    for (let step = 0; step < 20 && sut.session.state !== 'stopped'; step++) {
      sut.clock.advance(1000);
      await settle(10);
    }
    const end = await sut.ended;
    expect([end.reason, end.error?.code, exitCodeFor(end)]).toEqual(['error', 'reconnect-timeout', 1]);
    expect(sut.launcher.job(6).killedWith).toBe('Pilot stopped: error');
  });

  it('stops at once when the server refuses its credential', async () => {
    server.refuseWith = 401;
    const sut = startSession(server);
    const end = await sut.ended;
    expect([end.reason, end.error?.code]).toEqual(['error', 'unauthorized']);
    expect(end.message).toContain('HTTP 401');
  });

  it('stops when the server answers hello with an error', async () => {
    const sut = startSession(server);
    const connection = await server.nextConnection();
    const hello = await connection.next('hello');
    connection.send(createMessage('error', 's-1', { replyTo: hello.id, code: 'forbidden', message: 'this credential may not run pilots' }));
    const end = await sut.ended;
    expect([end.reason, end.error?.code]).toEqual(['error', 'hello-refused']);
    expect(end.message).toContain('this credential may not run pilots');
  });

  it('stops asking for work when time left gets short, and leaves with goodbye time-left', async () => {
    const deadlineMs = Date.UTC(2025, 0, 1) + 400_000; // the manual clock starts at 2025-01-01
    const sut = startSession(server, { deadlineMs, options: { minTimeLeftS: 300 } });
    const { connection, hello } = await server.accept(3600);
    expect(hello.resources.timeLeftS).toBe(400);
    const parked = await connection.next('request-work');
    expect(parked.resources.timeLeftS).toBe(400);

    sut.clock.advance(100_000);
    expect((await connection.next('cancel-request')).replyTo).toBe(parked.id);
    connection.send(createMessage('no-work', 's-1', { replyTo: parked.id, reason: 'cancelled', retryAfterS: 0 }));
    expect(await connection.next('goodbye')).toMatchObject({ reason: 'time-left' });
    connection.close();
    expect((await sut.ended).reason).toBe('time-left');
  });

  it('drops a connection whose server never answers hello, and tries again', async () => {
    const sut = startSession(server, { options: { helloTimeoutMs: 30_000 } });
    const silent = await server.nextConnection();
    await silent.next('hello');
    sut.clock.advance(30_000);
    await silent.closed;
    await until(() => sut.session.state === 'connecting', 'the session gave up on that connection');
    sut.clock.advance(1000);
    const { connection } = await server.accept(3600);
    await connection.next('request-work');
    expect(sut.session.state).toBe('working');
  });

  it('sends a report the server failed on (internal error) again with the next heartbeat, same id', async () => {
    const sut = startSession(server, { resources: { ...testResources, processors: 1, slots: 1 } });
    const { connection } = await server.accept(10);
    connection.send(jobFor(connection, await connection.next('request-work'), 21));
    await until(() => sut.launcher.jobs.length === 1, 'the job is started');
    sut.launcher.job(21).start();
    const started = await connection.next('job-started');
    connection.send(createMessage('error', 's-1', { replyTo: started.id, code: 'internal', message: 'database busy' }));
    await until(() => sut.logs.some((line) => line.includes('server-error code=internal')), 'the error is read');

    sut.clock.advance(10_000);
    const heartbeat = await connection.next('heartbeat');
    expect(await connection.next('job-started')).toEqual(started);
    connection.ack(started);
    connection.ack(heartbeat);
    sut.clock.advance(10_000);
    await connection.next('heartbeat');
    await settle();
    expect(connection.unread).toBe(0); // acked: not sent a third time
  });

  it('asks again after the delay a no-work gives', async () => {
    const sut = startSession(server);
    const { connection } = await server.accept(3600);
    const first = await connection.next('request-work');
    connection.send(createMessage('no-work', 's-1', { replyTo: first.id, reason: 'no-match', retryAfterS: 60 }));
    await until(() => sut.logs.some((line) => line.includes('INFO no-work')), 'the no-work is read');
    sut.clock.advance(59_000);
    await settle();
    expect(connection.unread).toBe(0);
    sut.clock.advance(1000);
    expect((await connection.next('request-work')).id).not.toBe(first.id);
  });
});
