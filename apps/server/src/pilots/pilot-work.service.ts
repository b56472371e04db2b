import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { TokenService } from '@majorana/auth';
import type { ResourceDescription } from '@majorana/domain';
import type { PilotMessageOf } from '@majorana/protocol';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import { ServerEvents } from '../events/server-events.js';
import type { MatchedJobDto } from '../matcher/dto/match-request.dto.js';
import { MatcherService } from '../matcher/matcher.service.js';
import { TaskQueueCache } from '../task-queues/task-queue-cache.js';
import { planJobRun } from './job-assignment.js';
import type { PilotConnection } from './pilot-connection.js';
import { PilotConnections } from './pilot-connections.js';

/** How often parked requests are tried again when no event said work arrived (other replicas' submissions). */
const RETRY_PARKED_EVERY_MS = 1_000;
/** Job tokens outlive the wall-clock limit by this much (the output upload comes last). */
const JOB_TOKEN_MARGIN_S = 24 * 3600;

interface ParkedRequest {
  readonly resource: ResourceDescription;
  /** The slot's shape: identical slots are retried together and stop at the first that finds nothing. */
  readonly shape: string;
}

/**
 * Work for pilots: a request-work is matched at once, or parked until a job it could run becomes
 * Waiting — pushed the moment that happens on this replica ('work-available'), within a second when
 * it happened on another one. No pilot polls.
 */
@Injectable()
export class PilotWorkService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('pilots');
  /** Parked requests in arrival order (Map keeps insertion order): oldest served first. */
  private readonly parked = new Map<PilotConnection, ParkedRequest>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private retrying: Promise<void> | null = null;
  private retryAgain = false;

  constructor(
    private readonly matcher: MatcherService,
    private readonly taskQueues: TaskQueueCache,
    private readonly tokens: TokenService,
    private readonly connections: PilotConnections,
    private readonly events: ServerEvents,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.on('work-available', () => {
      this.taskQueues.invalidate();
      this.retryParked();
    });
    this.timer = setInterval(() => this.retryParked(), RETRY_PARKED_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  get parkedCount(): number {
    return this.parked.size;
  }

  /** Answers the request with a job, or parks it (one parked request per connection: a newer one replaces it). */
  async request(connection: PilotConnection, message: PilotMessageOf<'request-work'>): Promise<void> {
    const pilot = connection.pilot;
    if (pilot === null) {
      return;
    }
    this.unpark(connection);
    if (connection.drainSent) {
      connection.send('no-work', { replyTo: message.id, reason: 'draining', retryAfterS: 0 });
      return;
    }
    const resource = this.resourceOf(connection, message);
    if (!(await this.tryMatch(connection, message, resource))) {
      this.park(connection, message, resource);
      this.updateConnection(connection);
    }
  }

  /**
   * The pilot withdrew its request (it is leaving, or asks again with more slots). A request being
   * matched right now is answered when that match ends: with its job, or with this no-work.
   */
  cancel(connection: PilotConnection, replyTo: string): void {
    if (connection.parkedRequest?.id === replyTo) {
      this.unpark(connection);
      connection.send('no-work', { replyTo, reason: 'cancelled', retryAfterS: 0 });
    } else {
      connection.withdrawnRequestId = replyTo;
    }
  }

  /** Parks a request that found no job, unless the pilot withdrew it meanwhile (then it is answered). */
  private park(connection: PilotConnection, message: PilotMessageOf<'request-work'>, resource: ResourceDescription): void {
    if (connection.withdrawnRequestId === message.id) {
      connection.withdrawnRequestId = null;
      connection.send('no-work', { replyTo: message.id, reason: 'cancelled', retryAfterS: 0 });
      return;
    }
    connection.parkedRequest = message;
    // The shape is computed once here, not on every retry of thousands of idle pilots.
    this.parked.set(connection, { resource, shape: JSON.stringify(resource) });
  }

  /** The connection closed: forget its request. */
  forget(connection: PilotConnection): void {
    this.parked.delete(connection);
    connection.parkedRequest = null;
  }

  private unpark(connection: PilotConnection): void {
    if (this.parked.delete(connection)) {
      connection.parkedRequest = null;
      this.updateConnection(connection);
    }
  }

  /** Tries the parked requests again, oldest first; of identical slots, stops at the first that finds nothing. */
  retryParked(): void {
    if (this.parked.size === 0) {
      return;
    }
    if (this.retrying !== null) {
      this.retryAgain = true;
      return;
    }
    this.retrying = this.retryOnce()
      .catch((error: unknown) => this.logger.error(`retrying parked requests failed: ${String(error)}`))
      .finally(() => {
        this.retrying = null;
        if (this.retryAgain) {
          this.retryAgain = false;
          this.retryParked();
        }
      });
  }

  private async retryOnce(): Promise<void> {
    const exhaustedShapes = new Set<string>();
    // Slots of one shape ask in parallel (the matcher batches them) until one of them finds nothing.
    const byShape = new Map<string, [PilotConnection, ParkedRequest][]>();
    for (const [connection, parked] of this.parked) {
      const sameShape = byShape.get(parked.shape);
      if (sameShape === undefined) {
        byShape.set(parked.shape, [[connection, parked]]);
      } else {
        sameShape.push([connection, parked]);
      }
    }
    await Promise.all(
      [...byShape].map(async ([shape, waiting]) => {
        for (let start = 0; start < waiting.length && !exhaustedShapes.has(shape); start += 64) {
          const results = await Promise.all(
            waiting.slice(start, start + 64).map(async ([connection, parked]) => {
              const message = connection.parkedRequest;
              const resource = parked.resource;
              if (message === null || this.parked.get(connection) !== parked) {
                return true; // answered or withdrawn meanwhile
              }
              this.parked.delete(connection);
              connection.parkedRequest = null;
              const matched = await this.tryMatch(connection, message, resource);
              if (!matched && !connection.isClosed() && !this.parked.has(connection)) {
                this.park(connection, message, resource);
              }
              this.updateConnection(connection);
              return matched;
            }),
          );
          if (results.some((matched) => !matched)) {
            exhaustedShapes.add(shape);
          }
        }
      }),
    );
  }

  /** True when a job was sent. */
  private async tryMatch(
    connection: PilotConnection,
    message: PilotMessageOf<'request-work'>,
    resource: ResourceDescription,
  ): Promise<boolean> {
    const pilot = connection.pilot;
    if (pilot === null || connection.isClosed()) {
      return true; // nothing to answer any more
    }
    const matched = await this.matcher.match(resource, pilot.pilotRef);
    if (matched === null) {
      return false;
    }
    if (connection.isClosed()) {
      // The pilot left while we matched: the attempt stays Matched without a pilot, and the stalled-job
      // agent reschedules it (its pilot never started it).
      this.logger.warn(`job ${matched.JobID} was matched to ${pilot.pilotRef}, which disconnected before it could be sent`);
      return true;
    }
    await this.sendJob(connection, message, matched);
    return true;
  }

  private async sendJob(connection: PilotConnection, message: PilotMessageOf<'request-work'>, matched: MatchedJobDto): Promise<void> {
    const pilot = connection.pilot!;
    const plan = planJobRun(
      matched.jdl,
      matched.JobID,
      message.resources.processors,
      this.config.cpuLimitPercent,
      pilot.resources.cpuNormalization,
    );
    const jobToken = await this.tokens.issueJobToken({
      pilotUser: pilot.subject,
      group: pilot.group,
      vo: pilot.vo,
      jobId: matched.JobID,
      attempt: matched.attempt,
      lifetimeSeconds: this.config.wallClockLimitS + JOB_TOKEN_MARGIN_S,
      now: this.clock.now(),
    });
    connection.jobs.set(matched.JobID, matched.attempt);
    connection.send('job', {
      replyTo: message.id,
      jobId: matched.JobID,
      attempt: matched.attempt,
      fencingToken: matched.fencingToken,
      jdl: plan.jdl,
      spec: plan.spec,
      owner: matched.Owner,
      ownerGroup: matched.OwnerGroup,
      inputSandboxUrl: plan.hasInputSandbox ? `${pilot.baseUrl}/api/jobs/${matched.JobID}/input-sandbox` : null,
      outputSandboxUrl: `${pilot.baseUrl}/api/jobs/${matched.JobID}/output-sandbox`,
      jobToken: jobToken.token,
      cpuTimeLimitS: plan.cpuTimeLimitS,
      wallTimeLimitS: this.config.wallClockLimitS,
    });
    this.logger.log(`job ${matched.JobID} attempt ${matched.attempt} → ${pilot.pilotRef}`);
  }

  /** The slot as the matcher sees it: the free part of the pilot, at its site and CE. */
  private resourceOf(connection: PilotConnection, message: PilotMessageOf<'request-work'>): ResourceDescription {
    const pilot = connection.pilot!;
    return {
      site: pilot.site,
      ce: pilot.ce,
      platforms: pilot.resources.platform === '' ? [] : [pilot.resources.platform],
      // HS06·s, as the jobs' CPUTime: wall seconds left times the node's power per core.
      cpuTimeLeft: message.resources.timeLeftS * (pilot.resources.cpuNormalization ?? 1),
      processors: message.resources.processors,
      wholeNode: message.resources.processors >= pilot.resources.processors,
      ramMB: message.resources.memoryMiB > 0 ? message.resources.memoryMiB : null,
      tags: message.resources.tags,
      requiredTags: [],
    };
  }

  private updateConnection(connection: PilotConnection): void {
    const pilot = connection.pilot;
    if (pilot !== null && !connection.isClosed()) {
      this.connections.set({
        pilotRef: pilot.pilotRef,
        ce: pilot.ce,
        site: pilot.site,
        parked: connection.parkedRequest !== null,
        jobs: connection.jobs,
      });
    }
  }
}
