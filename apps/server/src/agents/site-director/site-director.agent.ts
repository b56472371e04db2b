import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CeErrorCode, CeException } from '@majorana/ce';
import { PilotRepository, WaitingJobRepository } from '@majorana/db';
import { taskQueueMatchesResource } from '@majorana/domain';
import { ServerConfig } from '../../config/server-config.js';
import { PilotConnections } from '../../pilots/pilot-connections.js';
import { TaskQueueCache } from '../../task-queues/task-queue-cache.js';
import { CeDeclarationsService } from '../computing-elements/ce-declarations.service.js';
import { CeFleet, type FleetEntry } from '../computing-elements/ce-fleet.js';
import { AgentLeases } from '../leases/agent-leases.service.js';
import { LOCAL_PILOT_PROGRAM, type LocalPilotProgram } from '../local/local-ce.tokens.js';
import { declaredPilotLaunch } from './declared-pilot-launch.js';
import { PilotCredentials } from './pilot-credentials.js';
import { pilotsToSubmit, type SubmissionDecision } from './pilots-to-submit.js';
import { queueResource } from './queue-resource.js';

/** The lease of one CE's site director: one agents process submits to a CE at a time. */
export const siteDirectorLease = (ce: string): string => `site-director:${ce}`;
/** A lease outlives a slow cycle (sbatch over SSH): a second process never submits while the first still does. */
const MIN_LEASE_MS = 30_000;

/** What one cycle did for one CE (logged, and returned for the specs). */
export type CeCycle =
  | { readonly ce: string; readonly outcome: 'not-holder' }
  | { readonly ce: string; readonly outcome: 'failed'; readonly error: string }
  | {
      readonly ce: string;
      readonly outcome: 'looked';
      readonly matchableJobs: number;
      readonly waitingPilots: number;
      readonly activePilots: number;
      readonly decision: SubmissionDecision;
      readonly submitted: readonly string[];
    };

/**
 * DIRAC's SiteDirector for the declared computing elements. Each cycle, for each CE, under the lease
 * `site-director:<ce>`: count the Waiting jobs the CE's queue could run (the matcher's own rules on the
 * slot its queue description offers, site mask included), the pilots already waiting there (Submitted
 * or Waiting in the pilots table, plus idle ones parked on this replica), and submit what
 * `pilotsToSubmit` allows — each submission with its own credential for that CE.
 */
@Injectable()
export class SiteDirectorAgent {
  private readonly logger = new Logger('site-director');

  constructor(
    private readonly declarations: CeDeclarationsService,
    private readonly fleet: CeFleet,
    private readonly taskQueues: TaskQueueCache,
    private readonly waitingJobs: WaitingJobRepository,
    private readonly pilots: PilotRepository,
    private readonly credentials: PilotCredentials,
    private readonly leases: AgentLeases,
    private readonly config: ServerConfig,
    @Inject(LOCAL_PILOT_PROGRAM) private readonly program: LocalPilotProgram,
    @Optional() private readonly connections?: PilotConnections,
  ) {}

  /** One cycle over every declared CE; pilots connect to `serverUrl`. */
  async runOnce(serverUrl: string): Promise<CeCycle[]> {
    const entries = await this.fleet.sync((await this.declarations.list()).map((stored) => stored.declaration));
    const cycles: CeCycle[] = [];
    for (const entry of entries) {
      try {
        cycles.push(await this.cycleOf(entry, serverUrl));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`${entry.declaration.name}: cycle failed: ${message}`);
        cycles.push({ ce: entry.declaration.name, outcome: 'failed', error: message });
      }
    }
    return cycles;
  }

  private async cycleOf(entry: FleetEntry, serverUrl: string): Promise<CeCycle> {
    const { declaration, ce } = entry;
    const name = declaration.name;
    const ttlMs = Math.max(3 * this.config.siteDirectorIntervalS * 1000, MIN_LEASE_MS);
    if (!(await this.leases.hold(siteDirectorLease(name), ttlMs))) {
      return { ce: name, outcome: 'not-holder' };
    }
    const snapshot = await this.taskQueues.current();
    const resource = queueResource(declaration);
    const queueIds = snapshot.queues
      .filter((queue) => taskQueueMatchesResource(queue.definition, resource, snapshot.bannedSites).matched)
      .map((queue) => queue.id);
    const { limits, pilot } = declaration;
    // Never more than every allowed pilot could take: the count stops there.
    const matchableJobs = await this.waitingJobs.countInQueues(queueIds, limits.maxPilots * pilot.slots + 1);
    const byStatus = await this.pilots.countOpenByStatus(name);
    const queued = (byStatus.get('Submitted') ?? 0) + (byStatus.get('Waiting') ?? 0);
    const waitingPilots = queued + (this.connections?.parkedCount(name) ?? 0);
    const activePilots = [...byStatus.values()].reduce((sum, n) => sum + n, 0);
    const decision = pilotsToSubmit({ matchableJobs, waitingPilots, activePilots, slotsPerPilot: pilot.slots, limits });
    let submitted: string[] = [];
    if (decision.count > 0) {
      const { token } = await this.credentials.issue(name, pilot.maxTimeS);
      const launch = declaredPilotLaunch(declaration, {
        serverUrl,
        token,
        localNodePath: this.program.nodePath,
        localPilotScript: this.program.pilotScript,
      });
      try {
        const pilots = await ce.submitPilots({ count: decision.count, pilotCommand: launch });
        await this.pilots.recordSubmitted(
          pilots.map((one) => ({ pilotRef: one.pilotRef, ce: name, site: declaration.site, time: one.submittedAt.getTime() })),
        );
        submitted = pilots.map((one) => one.pilotRef);
      } catch (error) {
        // The CE still counts pilots that said goodbye and are exiting: the table was a moment ahead.
        if (!(error instanceof CeException && error.code === CeErrorCode.CapacityExceeded)) {
          throw error;
        }
      }
    }
    // Every cycle says what it saw; the quiet ones (nothing submitted) only at MAJORANA_LOG_LEVEL=debug.
    (submitted.length > 0 ? this.logger.log.bind(this.logger) : this.logger.debug.bind(this.logger))(
      `${name}: ${matchableJobs} matchable job(s), ${waitingPilots} waiting and ${activePilots} active pilot(s); ` +
        `submitted ${submitted.length} (bound by ${decision.boundBy})${submitted.length > 0 ? `: ${submitted.join(', ')}` : ''}`,
    );
    return { ce: name, outcome: 'looked', matchableJobs, waitingPilots, activePilots, decision, submitted };
  }
}
