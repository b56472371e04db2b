import { Inject, Injectable, Logger } from '@nestjs/common';
import { CeErrorCode, CeException, type ComputingElement } from '@majorana/ce';
import { PilotRepository } from '@majorana/db';
import { taskQueueMatchesResource, type ResourceDescription } from '@majorana/domain';
import { Clock } from '../../common/clock.js';
import { ServerConfig } from '../../config/server-config.js';
import { PilotConnections } from '../../pilots/pilot-connections.js';
import { TaskQueueCache } from '../../task-queues/task-queue-cache.js';
import { localCeResource } from './local-ce-resource.js';
import { LocalCeHost } from './local-ce-host.js';
import { LOCAL_PILOT_PROGRAM, type LocalPilotProgram } from './local-ce.tokens.js';
import { LocalMachine } from './local-machine.js';
import { localPilotLaunch } from './local-pilot-launch.js';
import { NON_FINAL_PILOT_STATUSES } from './non-final-pilots.js';
import { PilotTokenFile } from './pilot-token-file.js';
import { decidePilotSubmission, type SubmitDecision } from './site-director-rules.js';

/** A submitted pilot that has not said hello within this long no longer holds further submissions back. */
const STARTING_WINDOW_MS = 30_000;

/**
 * The site director of the Local CE (DIRAC's SiteDirector for one machine): when a waiting job could
 * run here and no Local pilot is idle or starting, it starts one pilot, up to MAJORANA_LOCAL_PILOTS.
 * Pilots leave by themselves after MAJORANA_LOCAL_PILOT_IDLE_S without work, so an idle machine runs
 * no pilot. Run every MAJORANA_SITE_DIRECTOR_S and whenever jobs become Waiting on this replica.
 */
@Injectable()
export class LocalSiteDirector {
  private readonly logger = new Logger('local-ce');
  private resource: ResourceDescription | null = null;

  constructor(
    private readonly host: LocalCeHost,
    @Inject(LOCAL_PILOT_PROGRAM) private readonly program: LocalPilotProgram,
    private readonly taskQueues: TaskQueueCache,
    private readonly connections: PilotConnections,
    private readonly pilots: PilotRepository,
    private readonly tokenFile: PilotTokenFile,
    private readonly machine: LocalMachine,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** One look at the queues; submits at most one pilot, whose command points at `serverUrl`. */
  async runOnce(serverUrl: string): Promise<SubmitDecision & { pilotRef?: string }> {
    const ce = this.host.ce;
    const snapshot = await this.taskQueues.current();
    const resource = this.slotOfAFreshPilot(ce);
    const matchableWork = snapshot.queues.some(
      (queue) => taskQueueMatchesResource(queue.definition, resource, snapshot.bannedSites).matched,
    );
    if (!matchableWork) {
      return { submit: false, reason: 'no-matchable-work' };
    }
    const decision = decidePilotSubmission({
      matchableWork,
      parkedPilots: this.connections.parkedCount(ce.name),
      activePilots: await this.pilots.list({ ce: ce.name, status: NON_FINAL_PILOT_STATUSES }),
      maxPilots: ce.capacity().maxPilots,
      now: this.clock.now(),
      startingWindowMs: STARTING_WINDOW_MS,
    });
    if (!decision.submit) {
      return decision;
    }
    try {
      return { ...decision, pilotRef: await this.submitOne(ce, serverUrl) };
    } catch (error) {
      // The CE still counts a pilot that said goodbye and is exiting: the table was a moment ahead.
      if (error instanceof CeException && error.code === CeErrorCode.CapacityExceeded) {
        return { submit: false, reason: 'ce-full' };
      }
      throw error;
    }
  }

  private async submitOne(ce: ComputingElement, serverUrl: string): Promise<string> {
    const { slotsPerPilot } = ce.capacity();
    const launch = localPilotLaunch({
      ...this.program,
      serverUrl,
      tokenFile: await this.tokenFile.ensure(),
      slots: slotsPerPilot,
      site: ce.site,
      ce: ce.name,
      idleTimeoutS: this.config.localPilotIdleTimeoutS,
    });
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch });
    if (pilot === undefined) {
      throw new Error(`the Local CE ${ce.name} accepted the submission but started no pilot`);
    }
    await this.pilots.recordSubmitted([{ pilotRef: pilot.pilotRef, ce: ce.name, site: ce.site, time: pilot.submittedAt.getTime() }]);
    this.logger.log(`pilot ${pilot.pilotRef} submitted (pid ${pilot.batchId}, ${slotsPerPilot} slots)`);
    return pilot.pilotRef;
  }

  private slotOfAFreshPilot(ce: ComputingElement): ResourceDescription {
    this.resource ??= localCeResource({ site: ce.site, ce: ce.name, slots: ce.capacity().slotsPerPilot, machine: this.machine.describe() });
    return this.resource;
  }
}
