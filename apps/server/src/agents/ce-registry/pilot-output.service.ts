import { Injectable } from '@nestjs/common';
import { CeErrorCode, CeException, type PilotOutput } from '@majorana/ce';
import { JobErrorCode, JobException } from '../../jobs/job.exception.js';
import { CeRegistry } from './ce-registry.js';

/** A pilot's output, read from the computing element that owns it (DIRAC's getPilotOutput). */
@Injectable()
export class PilotOutputService {
  constructor(private readonly registry: CeRegistry) {}

  async output(pilotRef: string): Promise<PilotOutput> {
    const ce = this.registry.ownerOf(pilotRef);
    if (ce === undefined) {
      throw new JobException(
        JobErrorCode.NotFound,
        `no computing element of this server issued pilot ${pilotRef}: ask the server that runs its CE (the Local CE runs in \`majorana up\`)`,
      );
    }
    try {
      return await ce.pilotOutput(pilotRef);
    } catch (error) {
      if (error instanceof CeException && error.code === CeErrorCode.UnknownPilot) {
        throw new JobException(JobErrorCode.NotFound, `the ${ce.name} CE does not know pilot ${pilotRef} (never submitted, or cleaned up)`);
      }
      throw error;
    }
  }
}
