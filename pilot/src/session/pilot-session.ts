import {
  createMessage,
  createRequestIds,
  decodeServerFrame,
  encodeMessage,
  MAX_MESSAGE_LENGTH,
  type ErrorMessage,
  type JobMessage,
  type NoWorkMessage,
  type PilotMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '@majorana/protocol';
import { nextWorkRequest } from '../execution/slot-packer.js';
import { stoppedMinorStatus } from './job-reports.js';
import type { PilotConnection } from './pilot-connector.js';
import type { PilotSessionDeps } from './pilot-session.deps.js';
import { ReconnectSchedule } from './reconnect-schedule.js';
import { ReportChannel } from './report-channel.js';
import { SessionJobs } from './session-jobs.js';
import { defaultSessionOptions, type PilotSessionOptions } from './session-options.js';
import { canTransition, type SessionState } from './session-state.js';
import { SessionTimers } from './session-timers.js';
import { ConnectFailedError, PilotSessionException, type PilotSessionErrorCode, type SessionEnd } from './session.error.js';
import { WorkRequests } from './work-requests.js';

/** One connection attempt and what the session knows about it. */
interface Link {
  connection: PilotConnection | null;
  helloId: string | null;
  welcomed: boolean;
}

/** A decision to leave that waits for something: the jobs to end (drained, time-left) or a cancel's answer (idle). */
interface Leaving {
  readonly reason: 'idle' | 'drained' | 'time-left';
  readonly message: string;
}

/**
 * The pilot's conversation with the server (libs/protocol/README.md): connects, says hello, keeps one
 * request for work parked at the server while a slot is free, runs the jobs it is given through the
 * job wrapper, reports them through an outbox that survives reconnections, and leaves when idle,
 * drained, out of time, signalled or broken. The states and their transitions are in
 * `session-state.ts`.
 *
 * The socket, the job wrapper, the clock and timers, randomness and the log are injected: the specs
 * drive a session with a manual clock against an in-process server.
 */
export class PilotSession {
  private current: SessionState = 'connecting';
  private link: Link | null = null;
  private leaving: Leaving | null = null;
  private ending: SessionEnd | null = null;
  /** After `goodbye`: only the server's close is awaited. */
  private goodbyeSent = false;
  private pilotRef: string;
  private heartbeatIntervalMs: number;
  private lastFrameAt = 0;
  private runStarted = false;
  private readonly options: PilotSessionOptions;
  private readonly timers: SessionTimers;
  private readonly reconnects: ReconnectSchedule;
  private readonly reports: ReportChannel;
  private readonly jobs: SessionJobs;
  private readonly requests: WorkRequests;
  /** One counter for the whole session, not per connection: resent reports keep their ids. */
  private readonly nextId = createRequestIds('p');
  private readonly ended: Promise<SessionEnd>;
  private resolveEnded: (end: SessionEnd) => void = () => undefined;

  constructor(private readonly deps: PilotSessionDeps) {
    const { clock, logger } = deps;
    this.options = { ...defaultSessionOptions, ...deps.options };
    this.timers = new SessionTimers(clock);
    this.pilotRef = deps.identity.pilotRef;
    this.heartbeatIntervalMs = this.options.heartbeatIntervalMs;
    this.reconnects = new ReconnectSchedule(this.options.reconnectTimeoutMs, this.options.backoff, deps.random, clock.now());
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    const send = (message: PilotMessage) => this.send(message);
    const nextId = this.nextId;
    this.reports = new ReportChannel({ send, isOpen: () => this.link?.welcomed === true, logger });
    this.jobs = new SessionJobs({
      launcher: deps.jobs,
      reports: this.reports,
      logger,
      nextId,
      guard: (handler) => this.guard(handler),
      onEnded: () => this.onJobEnded(),
    });
    this.requests = new WorkRequests({ timers: this.timers, send, nextId, logger, onRetry: () => this.guard(() => this.askForWork()) });
  }

  get state(): SessionState {
    return this.current;
  }

  /** Starts the session (once) and resolves when it has stopped, saying why. Never rejects. */
  run(): Promise<SessionEnd> {
    if (!this.runStarted) {
      this.runStarted = true;
      const { resources, identity } = this.deps;
      this.deps.logger.info('pilot-start', {
        pilotRef: identity.pilotRef,
        site: identity.site,
        ce: identity.ce,
        version: identity.pilotVersion,
        server: this.deps.connector.target,
        slots: resources.slots,
        memoryMiB: resources.memoryMiB,
        diskMiB: resources.diskMiB,
        platform: resources.platform,
        timeLeftS: this.timeLeftS(),
      });
      this.armTimeLimits();
      this.connect();
    }
    return this.ended;
  }

  /**
   * Stops for a signal: running jobs are killed and reported Failed ("Pilot stopped: signal"), then
   * goodbye `signal`. A second signal while stopping ends the session at once.
   */
  stopForSignal(signal: NodeJS.Signals): void {
    this.guard(() => {
      if (this.current === 'stopping') {
        this.deps.logger.warn('signal-again', { signal, runningJobs: this.jobs.size });
        this.finish();
        return;
      }
      this.beginStop({ reason: 'signal', message: `the pilot received ${signal}`, signal });
    });
  }

  // ── the connection ────────────────────────────────────────────────────────────────────────────

  private connect(): void {
    const link: Link = { connection: null, helloId: null, welcomed: false };
    this.deps.logger.info('connecting', { server: this.deps.connector.target, attempt: this.reconnects.attempts + 1 });
    this.deps.connector
      .connect({
        onFrame: (data, isBinary) => this.guard(() => this.onFrame(link, data, isBinary)),
        onClose: (code, reason) => this.guard(() => this.onLinkClosed(link, code, reason)),
      })
      .then(
        (connection) => this.guard(() => this.onConnected(link, connection)),
        (error: unknown) => this.guard(() => this.onConnectFailed(error)),
      );
  }

  private onConnected(link: Link, connection: PilotConnection): void {
    if (this.current !== 'connecting') {
      connection.close(1000, 'pilot stopping');
      return;
    }
    link.connection = connection;
    link.helloId = this.nextId();
    this.link = link;
    this.lastFrameAt = this.deps.clock.now();
    const runningJobs = this.jobs.references();
    const { identity, resources } = this.deps;
    this.send(
      createMessage('hello', link.helloId, {
        pilotRef: this.pilotRef,
        ce: identity.ce,
        site: identity.site,
        pilotVersion: identity.pilotVersion,
        resources: { ...resources, timeLeftS: this.timeLeftS() },
        runningJobs,
      }),
    );
    this.transition('greeting', `connected, hello sent with ${runningJobs.length} running job(s)`);
    this.timers.set('hello', this.options.helloTimeoutMs, () => {
      this.deps.logger.warn('welcome-timeout', { waitedMs: this.options.helloTimeoutMs });
      connection.terminate();
    });
  }

  private onConnectFailed(error: unknown): void {
    if (this.current !== 'connecting') {
      return;
    }
    if (error instanceof ConnectFailedError && (error.httpStatus === 401 || error.httpStatus === 403)) {
      this.fail('unauthorized', `the server refused the pilot credential (HTTP ${error.httpStatus}): check --token`);
      return;
    }
    this.deps.logger.warn('connect-failed', { error: error instanceof Error ? error.message : String(error) });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.reconnects.nextDelayMs(this.deps.clock.now());
    if (delay === null) {
      const seconds = Math.round(this.options.reconnectTimeoutMs / 1000);
      this.fail('reconnect-timeout', `no connection to ${this.deps.connector.target} for ${seconds} s: giving up`);
      return;
    }
    this.deps.logger.info('reconnect-scheduled', { inMs: delay });
    this.timers.set('reconnect', delay, () => this.guard(() => this.connect()));
  }

  private onLinkClosed(link: Link, code: number, reason: string): void {
    if (this.link !== link) {
      return;
    }
    this.link = null;
    for (const name of ['hello', 'heartbeat', 'idle'] as const) {
      this.timers.clear(name);
    }
    this.reports.disconnected();
    // A parked request dies with its connection; a job matched to it meanwhile never reached us, and
    // the server reschedules it when its attempt stalls.
    this.requests.lost();
    if (this.leaving?.reason === 'idle') {
      this.leaving = null;
    }
    this.deps.logger.warn('disconnected', { code, reason, unackedReports: this.reports.unacked, runningJobs: this.jobs.size });
    switch (this.current) {
      case 'greeting':
      case 'working':
      case 'draining':
        if (link.welcomed) {
          this.reconnects.lost(this.deps.clock.now());
        }
        this.transition('connecting', 'connection lost; jobs keep running, reports wait');
        return this.scheduleReconnect();
      case 'stopping':
        return this.goodbyeSent ? this.finish() : this.checkStopProgress();
      case 'connecting':
      case 'stopped':
        return;
    }
  }

  // ── frames from the server ────────────────────────────────────────────────────────────────────

  private onFrame(link: Link, data: Buffer, isBinary: boolean): void {
    if (this.link !== link) {
      return;
    }
    this.lastFrameAt = this.deps.clock.now();
    const decoded = decodeServerFrame(data, isBinary);
    if (!decoded.ok) {
      // Logged and ignored: one bad frame must not cost the running jobs their connection. (The pilot
      // sends no error frame back: `error` is not a message the protocol lets a pilot send.)
      this.deps.logger.warn('malformed-frame', { code: decoded.error.code, message: decoded.error.message, id: decoded.error.replyTo });
      return;
    }
    this.dispatch(link, decoded.message);
  }

  private dispatch(link: Link, message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        return this.onWelcome(link, message);
      case 'job':
        return this.onJob(message);
      case 'no-work':
        return this.onNoWork(message);
      case 'kill':
        if (!this.jobs.kill(message.jobId, message.attempt, message.reason)) {
          // An older attempt, or a job that already ended: nothing of ours to kill.
          this.deps.logger.info('kill-ignored', { jobId: message.jobId, attempt: message.attempt, reason: message.reason });
        }
        return;
      case 'drain':
        this.deps.logger.info('drain', { reason: message.reason });
        return this.leaveAfterJobs('drained', message.reason === '' ? 'drained by the server' : message.reason);
      case 'ack': {
        const stale = this.reports.acked(message);
        if (stale !== undefined) {
          this.jobs.onStaleReport(stale);
        }
        return this.checkStopProgress();
      }
      case 'error':
        return this.onError(link, message);
    }
  }

  private onWelcome(link: Link, message: WelcomeMessage): void {
    if (this.current !== 'greeting' || message.replyTo !== link.helloId) {
      this.deps.logger.warn('unexpected-welcome', { replyTo: message.replyTo, state: this.current });
      return;
    }
    this.timers.clear('hello');
    link.welcomed = true;
    this.pilotRef = message.pilotRef;
    this.heartbeatIntervalMs = message.heartbeatIntervalS * 1000;
    this.reconnects.welcomed();
    this.deps.logger.info('welcome', {
      pilotRef: message.pilotRef,
      heartbeatIntervalS: message.heartbeatIntervalS,
      serverTime: message.serverTime,
      unackedReports: this.reports.unacked,
    });
    const next = this.leaving !== null && this.leaving.reason !== 'idle' ? 'draining' : 'working';
    this.transition(next, 'welcomed');
    this.reports.resendAll();
    this.armHeartbeat();
    if (next === 'working') {
      this.armIdleTimer();
      this.askForWork();
    } else {
      this.checkDrained();
    }
  }

  private onJob(message: JobMessage): void {
    if (this.requests.answered(message.replyTo) === null) {
      this.deps.logger.warn('job-unrequested', { jobId: message.jobId, attempt: message.attempt, replyTo: message.replyTo });
    }
    if (this.leaving?.reason === 'idle') {
      // The job crossed our cancel-request: it is claimed for us, so we stay and run it.
      this.deps.logger.info('idle-leave-abandoned', { jobId: message.jobId });
      this.leaving = null;
    }
    this.timers.clear('idle');
    if (this.current === 'stopping') {
      this.jobs.refuse(message, stoppedMinorStatus(this.ending?.reason ?? 'error'));
      return this.checkStopProgress();
    }
    this.jobs.start(message);
    this.askForWork();
  }

  private onNoWork(message: NoWorkMessage): void {
    const was = this.requests.answered(message.replyTo);
    if (was === null) {
      this.deps.logger.info('no-work-ignored', { replyTo: message.replyTo });
      return;
    }
    this.deps.logger.info('no-work', { replyTo: message.replyTo, reason: message.reason, retryAfterS: message.retryAfterS });
    if (this.current === 'stopping') {
      this.checkStopProgress();
    } else if (this.current === 'draining') {
      this.checkDrained();
    } else if (this.leaving?.reason === 'idle' && was === 'cancelling') {
      this.beginStop({ reason: 'idle', message: this.leaving.message });
    } else if (this.current === 'working' && was === 'cancelling' && this.leaving === null) {
      this.askForWork(); // withdrawn to ask again with more free slots
    } else if (this.current === 'working') {
      this.requests.backOff(message.retryAfterS * 1000);
    }
  }

  private onError(link: Link, message: ErrorMessage): void {
    this.deps.logger.warn('server-error', { code: message.code, message: message.message, replyTo: message.replyTo });
    if (message.replyTo !== null && message.replyTo === link.helloId && this.current === 'greeting') {
      this.fail('hello-refused', `the server refused hello (${message.code}): ${message.message}`);
      return;
    }
    if (!this.reports.errored(message) && message.replyTo !== null) {
      this.requests.failed(message.replyTo, this.heartbeatIntervalMs);
    }
    this.checkStopProgress();
  }

  // ── work and heartbeats ───────────────────────────────────────────────────────────────────────

  /**
   * Keeps one request-work outstanding while a slot is free and the slot has time for a job; a parked
   * request that offers fewer slots than are free now is withdrawn and asked again with all of them
   * (the server answers the withdrawal with no-work, after which this runs again).
   */
  private askForWork(): void {
    if (this.current !== 'working' || this.link?.welcomed !== true || this.leaving !== null) {
      return;
    }
    const timeLeftS = this.timeLeftS();
    const { slots, memoryMiB } = this.deps.resources;
    const payload = nextWorkRequest({ slots, memoryMiB }, this.jobs.claims(), timeLeftS);
    if (payload !== null && this.requests.isSmallerThan(payload.freeSlots)) {
      this.requests.withdraw();
      return;
    }
    if (!this.requests.canAsk) {
      return;
    }
    if (payload !== null && timeLeftS >= this.options.minTimeLeftS) {
      this.requests.ask(payload);
    }
  }

  private onJobEnded(): void {
    switch (this.current) {
      case 'stopping':
        return this.checkStopProgress();
      case 'draining':
        return this.checkDrained();
      case 'working':
        this.armIdleTimer();
        return this.askForWork();
      case 'connecting':
      case 'greeting':
      case 'stopped':
        return;
    }
  }

  private armHeartbeat(): void {
    this.timers.set('heartbeat', this.heartbeatIntervalMs, () => this.guard(() => this.onHeartbeatTick()));
  }

  private onHeartbeatTick(): void {
    const connection = this.link?.connection ?? null;
    if (connection === null || this.current === 'stopping') {
      return;
    }
    const silentMs = this.deps.clock.now() - this.lastFrameAt;
    if (silentMs > 3 * this.heartbeatIntervalMs) {
      // A half-open TCP connection looks alive forever; three intervals without a frame mean it is not.
      this.deps.logger.warn('server-silent', { silentMs });
      connection.terminate();
      return;
    }
    this.reports.add(this.jobs.heartbeat());
    this.reports.retryFailed();
    this.armHeartbeat();
  }

  // ── leaving ───────────────────────────────────────────────────────────────────────────────────

  private armIdleTimer(): void {
    if (this.current === 'working' && this.jobs.size === 0 && this.leaving === null && !this.timers.isSet('idle')) {
      this.timers.set('idle', this.options.idleTimeoutMs, () => this.guard(() => this.onIdle()));
    }
  }

  private onIdle(): void {
    if (this.current !== 'working' || this.jobs.size > 0) {
      return;
    }
    const message = `no job for ${Math.round(this.options.idleTimeoutMs / 1000)} s`;
    this.leaving = { reason: 'idle', message };
    this.requests.withdraw();
    if (!this.requests.awaitingAnswer) {
      this.beginStop({ reason: 'idle', message });
    }
    // Otherwise the answer to the cancel-request decides: no-work → leave, a job → stay.
  }

  private armTimeLimits(): void {
    const deadline = this.deps.deadlineMs;
    if (deadline === null) {
      return;
    }
    const now = this.deps.clock.now();
    const { minTimeLeftS } = this.options;
    this.timers.set('time-left', Math.max(0, deadline - minTimeLeftS * 1000 - now), () =>
      this.guard(() => this.leaveAfterJobs('time-left', `less than ${minTimeLeftS} s left in the slot`)),
    );
    this.timers.set('time-out', Math.max(0, deadline - now), () =>
      this.guard(() => {
        this.deps.logger.warn('out-of-time', { runningJobs: this.jobs.size });
        this.jobs.killAll('Pilot stopped: out of time');
      }),
    );
  }

  /** Stops asking for work and leaves once the running jobs are done (drain, or too little time left). */
  private leaveAfterJobs(reason: 'drained' | 'time-left', message: string): void {
    if (this.current === 'stopping' || this.current === 'stopped' || this.current === 'draining') {
      return;
    }
    this.leaving = { reason, message };
    this.timers.clear('idle');
    this.deps.logger.info('leaving-after-jobs', { reason, message, runningJobs: this.jobs.size });
    if (this.current === 'working') {
      this.transition('draining', message);
      this.requests.withdraw();
      this.checkDrained();
    }
    // While connecting or greeting, the next welcome moves to draining.
  }

  private checkDrained(): void {
    if (this.current === 'draining' && this.leaving !== null && this.jobs.size === 0 && !this.requests.awaitingAnswer) {
      this.beginStop({ reason: this.leaving.reason, message: this.leaving.message });
    }
  }

  private fail(code: PilotSessionErrorCode, message: string): void {
    this.deps.logger.error('fatal', { code, message });
    this.beginStop({ reason: 'error', message, error: new PilotSessionException(code, message) });
  }

  private beginStop(end: SessionEnd): void {
    if (this.current === 'stopping' || this.current === 'stopped') {
      return;
    }
    this.ending = end;
    this.leaving = null;
    for (const name of ['reconnect', 'hello', 'heartbeat', 'idle', 'time-left'] as const) {
      this.timers.clear(name);
    }
    this.transition('stopping', `${end.reason}: ${end.message}`);
    if (end.reason === 'signal' || end.reason === 'error') {
      this.jobs.killAll(stoppedMinorStatus(end.reason));
    }
    if (this.link !== null && !this.link.welcomed) {
      // Not welcomed (greeting): the server would refuse our reports and goodbye alike.
      this.link.connection?.close(1000, 'pilot stopping');
    }
    this.requests.withdraw();
    this.timers.set('stop-grace', this.options.stopGraceMs, () =>
      this.guard(() => {
        this.deps.logger.warn('stop-grace-expired', { runningJobs: this.jobs.size, unackedReports: this.reports.unacked });
        this.sayGoodbye();
      }),
    );
    this.checkStopProgress();
  }

  /** Says goodbye once the jobs are gone and, when connected, their reports acked and the request answered. */
  private checkStopProgress(): void {
    if (this.current !== 'stopping' || this.goodbyeSent) {
      return;
    }
    const waitingForServer = this.link?.welcomed === true && (this.reports.holdsJobReports || this.requests.awaitingAnswer);
    if (this.jobs.size === 0 && !waitingForServer) {
      this.sayGoodbye();
    }
  }

  private sayGoodbye(): void {
    this.timers.clear('stop-grace');
    const connection = this.link?.welcomed === true ? this.link.connection : null;
    const end = this.ending;
    if (connection === null || end === null) {
      return this.finish();
    }
    this.goodbyeSent = true;
    this.send(createMessage('goodbye', this.nextId(), { reason: end.reason, message: end.message.slice(0, MAX_MESSAGE_LENGTH) }));
    this.deps.logger.info('goodbye', { reason: end.reason, message: end.message });
    // The server closes after goodbye; if it does not, we do.
    this.timers.set('close', this.options.closeTimeoutMs, () => connection.close(1000, 'goodbye'));
  }

  private finish(): void {
    if (this.current === 'stopped') {
      return;
    }
    this.timers.clearAll();
    const end = this.ending ?? { reason: 'error', message: 'stopped without a reason' };
    const connection = this.link?.connection;
    this.link = null;
    connection?.close(1000, 'pilot stopped');
    this.transition('stopped', end.reason);
    this.deps.logger.info('stopped', {
      reason: end.reason,
      message: end.message,
      unackedReports: this.reports.unacked,
      runningJobs: this.jobs.size,
    });
    this.resolveEnded(end);
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  private send(message: PilotMessage): void {
    this.link?.connection?.send(encodeMessage(message));
  }

  private transition(to: SessionState, why: string): void {
    const from = this.current;
    if (!canTransition(from, to)) {
      throw new PilotSessionException('internal', `illegal session transition ${from} → ${to} (${why})`);
    }
    this.current = to;
    this.deps.logger.info('state', { from, to, why });
  }

  private timeLeftS(): number {
    const deadline = this.deps.deadlineMs;
    return deadline === null ? this.deps.resources.timeLeftS : Math.max(0, Math.floor((deadline - this.deps.clock.now()) / 1000));
  }

  /** Runs an event handler; a bug in it stops the pilot with goodbye `error` instead of leaving it half-updated. */
  private guard(handler: () => void): void {
    try {
      handler();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.current === 'stopping' || this.current === 'stopped') {
        this.deps.logger.error('internal-error', { message });
        this.finish();
      } else {
        this.fail('internal', message);
      }
    }
  }
}
