import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';
import { AuthException, DiracProperty, TokenService, type Principal } from '@majorana/auth';
import { JobReportRepository, PilotRepository } from '@majorana/db';
import { MAX_FRAME_BYTES, STALE_ATTEMPT, type PilotMessage, type PilotMessageOf } from '@majorana/protocol';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import { ServerEvents } from '../events/server-events.js';
import { PilotConnection, type PilotMessageHandler } from './pilot-connection.js';
import { PilotConnections } from './pilot-connections.js';
import { apiErrorCode, apiErrorCodeOfStatus } from '../common/api-error-code.js';
import { PilotWorkService } from './pilot-work.service.js';

export const PILOT_SOCKET_PATH = '/api/pilots/connect';
/** How often this replica checks, in the database, whether jobs its pilots run were killed elsewhere. */
const STOPPED_JOBS_SWEEP_MS = 1_000;

/**
 * The pilots' WebSocket endpoint. `ws` is attached to the HTTP server directly (noServer) rather than
 * through Nest's gateway layer: the credential is checked on the upgrade request, so a bad token gets a
 * plain HTTP 401/403 the pilot can tell from a network error, and frames are our versioned protocol
 * (libs/protocol), not Nest's `{event, data}`.
 */
@Injectable()
export class PilotGateway implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown, PilotMessageHandler {
  private readonly logger = new Logger('pilots');
  /** This process among the replicas: the pilots table says which replica holds a pilot's connection. */
  readonly replicaId = randomUUID();
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_FRAME_BYTES });
  private readonly byRef = new Map<string, PilotConnection>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: TokenService,
    private readonly pilots: PilotRepository,
    private readonly reports: JobReportRepository,
    private readonly work: PilotWorkService,
    private readonly connections: PilotConnections,
    private readonly events: ServerEvents,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.upgrade(request, socket, head);
    });
    this.unsubscribe = this.events.on('jobs-stopped', ({ jobIds, reason }) => this.pushKills(jobIds, reason));
    this.sweepTimer = setInterval(() => {
      this.sweepStoppedJobs().catch((error: unknown) => this.logger.warn(`stopped-jobs sweep failed: ${String(error)}`));
    }, STOPPED_JOBS_SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Before the HTTP server closes: it would otherwise wait for the pilots' upgraded sockets. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.unsubscribe?.();
    for (const client of this.sockets.clients) {
      client.close(1012, 'server restarting'); // the pilots reconnect, here or to another replica
    }
    // A pilot that does not answer the close handshake at once is cut.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const client of this.sockets.clients) {
      client.terminate();
    }
    this.sockets.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pilots.releaseReplica(this.replicaId, this.clock.now()).catch(() => undefined);
  }

  warn(line: string): void {
    this.logger.warn(line);
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== PILOT_SOCKET_PATH) {
      refuseUpgrade(socket, 404, apiErrorCodeOfStatus(404), `no WebSocket endpoint at ${path}; pilots connect to ${PILOT_SOCKET_PATH}`);
      return;
    }
    let principal: Principal;
    try {
      const header = request.headers.authorization ?? '';
      principal = await this.tokens.verify(/^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim(), this.clock.now());
    } catch (error) {
      if (error instanceof AuthException) {
        refuseUpgrade(socket, 401, apiErrorCode(error), error.message);
      } else {
        refuseUpgrade(socket, 401, apiErrorCodeOfStatus(401), 'the pilot credential could not be checked');
      }
      return;
    }
    if (!principal.properties.has(DiracProperty.Pilot) || principal.jobScope !== undefined) {
      refuseUpgrade(
        socket,
        403,
        'AUTH_FORBIDDEN',
        `${principal.user} (${principal.group}) is not a pilot credential: it needs the Pilot property`,
      );
      return;
    }
    const baseUrl = `${forwardedProto(request)}://${request.headers.host ?? `127.0.0.1:${this.config.port}`}`;
    this.sockets.handleUpgrade(request, socket, head, (ws) => {
      new PilotConnection(
        ws,
        this,
        { user: principal.user, group: principal.group, vo: principal.vo, ...(principal.ce === undefined ? {} : { ce: principal.ce }) },
        baseUrl,
        () => this.clock.now(),
      );
    });
  }

  async hello(connection: PilotConnection, message: PilotMessageOf<'hello'>): Promise<void> {
    if (connection.state === 'ready') {
      connection.sendError('invalid-message', 'hello was already said on this connection', message.id);
      return;
    }
    // A credential a site director issued for one CE is good for that CE's pilots only (issue 5).
    const allowedCe = connection.credential.ce;
    if (allowedCe !== undefined && allowedCe !== message.ce) {
      connection.sendError(
        'forbidden',
        `this credential belongs to pilots of computing element ${allowedCe}, not ${message.ce}: start the pilot with --ce ${allowedCe}`,
        message.id,
      );
      connection.close(1008, 'credential of another computing element');
      return;
    }
    const now = this.clock.now();
    const accepted = await this.pilots.connected({
      pilotRef: message.pilotRef,
      ce: message.ce,
      site: message.site,
      pilotVersion: message.pilotVersion,
      subject: connection.credential.user,
      replicaId: this.replicaId,
      resources: JSON.stringify(message.resources),
      time: now,
    });
    if (!accepted) {
      connection.sendError('forbidden', `pilot ${message.pilotRef} has ended; a pilot ref is never reused`, message.id);
      connection.close(1008, 'pilot ended');
      return;
    }
    const previous = this.byRef.get(message.pilotRef);
    if (previous !== undefined && previous !== connection) {
      previous.close(1000, 'replaced by a newer connection of the same pilot');
    }
    connection.pilot = {
      pilotRef: message.pilotRef,
      ce: message.ce,
      site: message.site,
      resources: message.resources,
      subject: connection.credential.user,
      group: connection.credential.group,
      vo: connection.credential.vo,
      baseUrl: connection.baseUrl,
    };
    connection.state = 'ready';
    this.byRef.set(message.pilotRef, connection);
    for (const job of message.runningJobs) {
      connection.jobs.set(job.jobId, job.attempt);
    }
    this.connections.set({ pilotRef: message.pilotRef, ce: message.ce, site: message.site, parked: false, jobs: connection.jobs });
    connection.send('welcome', {
      replyTo: message.id,
      pilotRef: message.pilotRef,
      heartbeatIntervalS: this.config.heartbeatIntervalS,
      serverTime: new Date(now).toISOString(),
    });
    this.events.emit('pilots-changed', { ce: message.ce });
    this.logger.log(
      `pilot ${message.pilotRef} connected (${message.site}, ${message.ce}, ${message.resources.slots} slots, ${message.runningJobs.length} running)`,
    );
    if (message.runningJobs.length > 0) {
      // Resumed after a reconnect: jobs that were killed or given to someone else meanwhile must stop.
      const stopped = await this.reports.stoppedAttempts(message.runningJobs);
      for (const job of stopped) {
        this.sendKill(connection, job.jobId, job.attempt, `job is ${job.status} now`);
      }
    }
  }

  async handle(connection: PilotConnection, message: PilotMessage): Promise<void> {
    const pilotRef = connection.pilotRef!;
    const now = this.clock.now();
    switch (message.type) {
      case 'hello':
        return this.hello(connection, message);
      case 'request-work':
        return this.work.request(connection, message);
      case 'cancel-request':
        this.work.cancel(connection, message.replyTo);
        return;
      case 'job-started': {
        const outcome = await this.reports.started(message, pilotRef, now);
        this.ack(connection, message.id, outcome);
        return;
      }
      case 'heartbeat': {
        const refused = await this.reports.heartbeat(message.jobs, pilotRef, now);
        await this.pilots.touch([pilotRef], now);
        this.ack(connection, message.id, refused.length === 0 ? 'accepted' : 'refused');
        for (const jobId of refused) {
          connection.jobs.delete(jobId);
        }
        return;
      }
      case 'job-finished': {
        const outcome = await this.reports.finished(
          {
            jobId: message.jobId,
            attempt: message.attempt,
            fencingToken: message.fencingToken,
            status: message.status,
            minorStatus: message.minorStatus,
            applicationStatus: message.applicationStatus,
            outputUploaded: message.outputSandbox !== null,
            parameters: {
              'TotalCPUTime(s)': message.cpuTimeS.toFixed(2),
              'WallClockTime(s)': message.wallTimeS.toFixed(2),
              Pilot_Reference: pilotRef,
              ...(message.exitCode === null ? {} : { ExitCode: String(message.exitCode) }),
            },
          },
          pilotRef,
          now,
        );
        if (outcome === 'accepted') {
          await this.pilots.addJobsRun(pilotRef, 1);
        }
        connection.jobs.delete(message.jobId);
        this.ack(connection, message.id, outcome);
        return;
      }
      case 'goodbye':
        connection.markGoodbye();
        await this.pilots.ended(pilotRef, message.reason === 'error' ? 'Failed' : 'Done', `${message.reason}: ${message.message}`, now);
        this.logger.log(`pilot ${pilotRef} said goodbye (${message.reason}${message.message ? `: ${message.message}` : ''})`);
        connection.close(1000, 'goodbye');
        return;
    }
  }

  async closed(connection: PilotConnection, saidGoodbye: boolean): Promise<void> {
    this.work.forget(connection);
    const pilot = connection.pilot;
    if (pilot === null || this.byRef.get(pilot.pilotRef) !== connection) {
      return;
    }
    this.byRef.delete(pilot.pilotRef);
    this.connections.delete(pilot.pilotRef);
    this.events.emit('pilots-changed', { ce: pilot.ce });
    if (!saidGoodbye) {
      await this.pilots.disconnected(pilot.pilotRef, this.replicaId, this.clock.now());
      this.logger.warn(`pilot ${pilot.pilotRef} disconnected without a goodbye (${connection.jobs.size} jobs running)`);
    }
  }

  private ack(connection: PilotConnection, replyTo: string, outcome: 'accepted' | 'refused'): void {
    connection.send('ack', outcome === 'accepted' ? { replyTo, outcome } : { replyTo, outcome, reason: STALE_ATTEMPT });
  }

  private pushKills(jobIds: readonly number[], reason: string): void {
    const wanted = new Set(jobIds);
    for (const connection of this.byRef.values()) {
      for (const [jobId, attempt] of connection.jobs) {
        if (wanted.has(jobId)) {
          this.sendKill(connection, jobId, attempt, reason);
        }
      }
    }
  }

  /** Jobs of this replica's pilots that were killed, deleted or rescheduled (maybe on another replica). */
  private async sweepStoppedJobs(): Promise<void> {
    await this.sendDrains();
    const running = [...this.byRef.values()].flatMap((connection) =>
      [...connection.jobs].map(([jobId, attempt]) => ({ connection, jobId, attempt })),
    );
    if (running.length === 0) {
      return;
    }
    const stopped = await this.reports.stoppedAttempts(running);
    for (const job of stopped) {
      const entry = running.find((each) => each.jobId === job.jobId && each.attempt === job.attempt);
      if (entry !== undefined) {
        this.sendKill(entry.connection, job.jobId, job.attempt, job.status === 'Killed' ? 'Killed by user' : `job is ${job.status} now`);
      }
    }
  }

  /** Pilots of this replica that an administrator asked to drain (on any replica) are told once. */
  private async sendDrains(): Promise<void> {
    const candidates = [...this.byRef.values()].filter((connection) => !connection.drainSent);
    const draining = new Set(await this.pilots.drainRequested(candidates.map((connection) => connection.pilotRef!)));
    for (const connection of candidates) {
      if (draining.has(connection.pilotRef!)) {
        connection.drainSent = true;
        connection.send('drain', { reason: 'asked by an administrator' });
        this.logger.log(`drain sent to ${connection.describe()}`);
      }
    }
  }

  private sendKill(connection: PilotConnection, jobId: number, attempt: number, reason: string): void {
    connection.jobs.delete(jobId);
    connection.send('kill', { jobId, attempt, reason });
    this.logger.log(`kill of job ${jobId} attempt ${attempt} sent to ${connection.describe()} (${reason})`);
  }
}

function forwardedProto(request: IncomingMessage): string {
  const header = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  return proto === 'https' ? 'https' : 'http';
}

/** Answers an upgrade with a plain HTTP error and a JSON body like the REST API's. */
function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, code: string, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  const body = JSON.stringify({ statusCode: status, error: reason, code, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
