import { Injectable } from '@nestjs/common';
import { CeErrorCode, CeException, type PilotOutput } from '@majorana/ce';
import { PilotOutputRepository } from '@majorana/db';
import { JobErrorCode, JobException } from '../../jobs/job.exception.js';
import { CeRegistry } from './ce-registry.js';

/**
 * A pilot's output (DIRAC's getPilotOutput): read live from the computing element that owns it when
 * this process drives that CE, else the copy the agents kept once the pilot ended (pilot_outputs) — so
 * that a replica without agents, or with agents on another host, answers as well.
 */
@Injectable()
export class PilotOutputService {
  constructor(
    private readonly registry: CeRegistry,
    private readonly kept: PilotOutputRepository,
  ) {}

  async output(pilotRef: string): Promise<PilotOutput> {
    const ce = this.registry.ownerOf(pilotRef);
    if (ce !== undefined) {
      try {
        return await ce.pilotOutput(pilotRef);
      } catch (error) {
        if (!(error instanceof CeException && error.code === CeErrorCode.UnknownPilot)) {
          throw error;
        }
        return this.keptOutput(pilotRef, `the ${ce.name} CE does not know pilot ${pilotRef} (never submitted, or cleaned up)`);
      }
    }
    return this.keptOutput(
      pilotRef,
      `no output of pilot ${pilotRef} here: this server does not drive its computing element, and the agents keep a ` +
        'pilot’s output only once it has ended (within MAJORANA_PILOT_STATUS_S, for the CEs they drive)',
    );
  }

  private async keptOutput(pilotRef: string, whyNot: string): Promise<PilotOutput> {
    const kept = await this.kept.find(pilotRef);
    if (kept === null) {
      throw new JobException(JobErrorCode.NotFound, whyNot);
    }
    return { stdout: kept.stdout, stderr: kept.stderr };
  }
}
