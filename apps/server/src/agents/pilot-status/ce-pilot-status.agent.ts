import { Injectable, Logger } from '@nestjs/common';
import { CeErrorCode, CeException, type ComputingElement, type PilotStatus as CePilotStatus } from '@majorana/ce';
import { PilotOutputRepository, PilotRepository, type PilotRecord } from '@majorana/db';
import { Clock } from '../../common/clock.js';
import { ServerConfig } from '../../config/server-config.js';
import { CeDeclarationsService } from '../computing-elements/ce-declarations.service.js';
import { CeFleet, type FleetEntry } from '../computing-elements/ce-fleet.js';
import { AgentLeases } from '../leases/agent-leases.service.js';
import { NON_FINAL_PILOT_STATUSES } from '../local/non-final-pilots.js';
import { refsIssuedBy } from '../local/refs-issued-by.js';
import { pilotStatusChange, type PilotStatusChange } from './pilot-status-change.js';

export const pilotStatusLease = (ce: string): string => `pilot-status:${ce}`;
/** The most pilots asked about in one call: a batch system's status command takes them all at once. */
const POLL_BATCH = 5_000;
/** Ended pilots whose output is fetched per CE and cycle: each is one call to the CE (one ssh, one file read). */
const OUTPUTS_PER_CYCLE = 20;
/** How long after its end a pilot's output is still fetched: its CE cleans its files up in the end. */
const KEEP_OUTPUT_WINDOW_MS = 24 * 3600 * 1000;

/** What one poll of one CE changed. */
export interface CePilotPoll {
  readonly ce: string;
  readonly polled: number;
  readonly waiting: readonly string[];
  readonly ended: readonly { pilotRef: string; status: 'Done' | 'Failed' | 'Aborted' }[];
  /** Ended pilots whose output was fetched and kept this cycle. */
  readonly outputsKept: number;
}

/**
 * DIRAC's PilotStatusAgent for the declared CEs: under the lease `pilot-status:<ce>`, asks each CE in
 * ONE batched `pilotStatuses` call about every pilot the table has as not ended, and records what it
 * says — queued pilots become Waiting, ended ones Done/Failed/Aborted — and marks Aborted a pilot the CE
 * no longer knows that nobody heard from for MAJORANA_PILOT_ABORT_AFTER_S (lost with its batch job).
 * Then it keeps the output of pilots that ended (DIRAC's PilotAgentsDB keeps it too), so that any
 * server replica can show it without driving the CE.
 */
@Injectable()
export class CePilotStatusAgent {
  private readonly logger = new Logger('pilot-status');

  constructor(
    private readonly declarations: CeDeclarationsService,
    private readonly fleet: CeFleet,
    private readonly pilots: PilotRepository,
    private readonly outputs: PilotOutputRepository,
    private readonly leases: AgentLeases,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<CePilotPoll[]> {
    const entries = await this.fleet.sync((await this.declarations.list()).map((stored) => stored.declaration));
    const polls: CePilotPoll[] = [];
    for (const entry of entries) {
      try {
        const poll = await this.pollOne(entry);
        if (poll !== null) {
          polls.push(poll);
        }
      } catch (error) {
        this.logger.warn(`${entry.declaration.name}: poll failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return polls;
  }

  private async pollOne({ declaration, ce }: FleetEntry): Promise<CePilotPoll | null> {
    const name = declaration.name;
    if (!(await this.leases.hold(pilotStatusLease(name), 3 * this.config.pilotStatusIntervalS * 1000))) {
      return null;
    }
    const open = await this.pilots.list({ ce: name, status: NON_FINAL_PILOT_STATUSES, limit: POLL_BATCH });
    const byRef = new Map<string, PilotRecord>(open.map((pilot) => [pilot.pilotRef, pilot]));
    const ours = refsIssuedBy(ce, [...byRef.keys()]);
    if (ours.length === 0) {
      return { ce: name, polled: 0, waiting: [], ended: [], outputsKept: await this.keepOutputs(name, ce) };
    }
    const statuses: Map<string, CePilotStatus> = await ce.pilotStatuses(ours);
    const now = this.clock.now();
    const waiting: string[] = [];
    const ended: { pilotRef: string; status: 'Done' | 'Failed' | 'Aborted' }[] = [];
    for (const ref of ours) {
      const record = byRef.get(ref);
      const reported = statuses.get(ref) ?? 'Unknown';
      if (record === undefined) {
        continue;
      }
      const change: PilotStatusChange = pilotStatusChange(record, reported, now, this.config.pilotAbortAfterS * 1000);
      if (change.kind === 'waiting') {
        waiting.push(ref);
      } else if (change.kind === 'ended' && (await this.pilots.ended(ref, change.status, change.reason, now))) {
        ended.push({ pilotRef: ref, status: change.status });
      }
    }
    await this.pilots.markWaiting(waiting);
    const summary = `${name}: polled ${ours.length} pilot(s) in one call; ${waiting.length} waiting, ${ended.length} ended`;
    (ended.length > 0 ? this.logger.log.bind(this.logger) : this.logger.debug.bind(this.logger))(
      ended.length > 0 ? `${summary}: ${ended.map((one) => `${one.pilotRef} ${one.status}`).join(', ')}` : summary,
    );
    return { ce: name, polled: ours.length, waiting, ended, outputsKept: await this.keepOutputs(name, ce) };
  }

  /**
   * Fetches and keeps the output of up to OUTPUTS_PER_CYCLE pilots of the CE that ended at least one
   * cycle ago (a pilot that has just said goodbye may still be writing its last lines) and at most a
   * day ago. A pilot the CE no longer knows is kept with a line saying so, so it is not asked for
   * again; any other failure is tried again next cycle (all the rest too when the CE is unreachable).
   */
  private async keepOutputs(name: string, ce: ComputingElement): Promise<number> {
    const now = this.clock.now();
    const refs = refsIssuedBy(
      ce,
      await this.outputs.notYetKept(name, {
        endedAfter: now - KEEP_OUTPUT_WINDOW_MS,
        endedBefore: now - this.config.pilotStatusIntervalS * 1000,
        limit: OUTPUTS_PER_CYCLE,
      }),
    );
    let kept = 0;
    for (const ref of refs) {
      try {
        await this.outputs.keep(ref, await ce.pilotOutput(ref), now);
        kept++;
      } catch (error) {
        if (error instanceof CeException && error.code === CeErrorCode.UnknownPilot) {
          await this.outputs.keep(
            ref,
            { stdout: '', stderr: `the ${name} CE no longer had this pilot's output when the agents asked` },
            now,
          );
          continue;
        }
        this.logger.warn(`${name}: output of ${ref} not fetched (${error instanceof Error ? error.message : String(error)}); next cycle`);
        if (error instanceof CeException && error.code === CeErrorCode.Unreachable) {
          break; // the others would wait for the same unreachable host
        }
      }
    }
    return kept;
  }
}
