import { Injectable, Logger } from '@nestjs/common';
import { PilotRepository } from '@majorana/db';
import { Clock } from '../../common/clock.js';
import { LocalCeHost } from './local-ce-host.js';
import { NON_FINAL_PILOT_STATUSES } from './non-final-pilots.js';
import { refsIssuedBy } from './refs-issued-by.js';

/**
 * DIRAC's PilotStatusAgent for the Local CE: asks the CE, in one call, about every pilot the pilots
 * table still has as Submitted, Running or Disconnected, and ends those the CE reports ended (a pilot
 * that crashed, or left without a goodbye), so that the site director sees the room and the
 * stalled-job agent knows their jobs' pilot is gone. A pilot that said goodbye is already ended by the
 * gateway; its ending is kept.
 */
@Injectable()
export class LocalPilotStatusAgent {
  private readonly logger = new Logger('local-ce');

  constructor(
    private readonly host: LocalCeHost,
    private readonly pilots: PilotRepository,
    private readonly clock: Clock,
  ) {}

  /** One poll; returns the refs of the pilots it ended. */
  async runOnce(): Promise<string[]> {
    const ce = this.host.ce;
    const open = await this.pilots.list({ ce: ce.name, status: NON_FINAL_PILOT_STATUSES });
    const ours = refsIssuedBy(
      ce,
      open.map((pilot) => pilot.pilotRef),
    );
    if (ours.length === 0) {
      return [];
    }
    const ended: string[] = [];
    for (const [ref, status] of await ce.pilotStatuses(ours)) {
      if (status !== 'Done' && status !== 'Failed' && status !== 'Aborted') {
        continue;
      }
      if (await this.pilots.ended(ref, status, `the ${ce.name} CE reports it ${status}`, this.clock.now())) {
        this.logger.log(`pilot ${ref} ended: ${status}`);
        ended.push(ref);
      }
    }
    return ended;
  }
}
