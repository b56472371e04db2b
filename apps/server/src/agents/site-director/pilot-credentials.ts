import { Injectable } from '@nestjs/common';
import { DiracProperty, TokenService } from '@majorana/auth';
import { Clock } from '../../common/clock.js';
import { AdminService } from '../../identity/admin.service.js';
import { AgentsStartupError } from '../agents-startup.error.js';
import { pilotIdentity } from '../local/pilot-identity.js';

/**
 * How long a pilot may sit in a batch queue before it starts, on top of its max time: its credential
 * must still be good when it says hello and until it leaves. A pilot queued longer is refused at hello
 * (401) and ends; the site director sends a fresh one if the work is still there.
 */
export const QUEUED_ALLOWANCE_S = 24 * 3600;

/**
 * The credential of the pilots of one submission (issue 5: "valid only as a pilot of that CE and for
 * its lifetime"): the pilot identity of the configuration (a user of a group with the Pilot property),
 * the Pilot property alone, the claim `majorana_ce` naming the CE (the gateway refuses a hello that
 * names another CE), and an expiry of the pilot's max time plus {@link QUEUED_ALLOWANCE_S}.
 */
@Injectable()
export class PilotCredentials {
  constructor(
    private readonly admin: AdminService,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async issue(ce: string, maxTimeS: number): Promise<{ token: string; expiresAt: Date }> {
    const config = await this.admin.effectiveConfig();
    const identity = pilotIdentity(config);
    if (identity === null) {
      throw new AgentsStartupError(
        'the site directors need a user in a group with the Pilot property to issue pilot credentials: add one to the configuration ' +
          '(the default has user "pilot" in group "pilot")',
      );
    }
    const issued = await this.tokens.issue({
      user: identity.user,
      group: identity.group,
      vo: config.vo,
      properties: [DiracProperty.Pilot],
      ce,
      lifetimeSeconds: maxTimeS + QUEUED_ALLOWANCE_S,
      now: this.clock.now(),
    });
    return { token: issued.token, expiresAt: issued.expiresAt };
  }
}
