import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DiracProperty, TokenService } from '@majorana/auth';
import { Clock } from '../../common/clock.js';
import { ServerConfig } from '../../config/server-config.js';
import { AdminService } from '../../identity/admin.service.js';
import { pilotIdentity } from './pilot-identity.js';

/** A Local pilot token lives 30 days, like the admin token. */
const LIFETIME_S = 30 * 24 * 3600;
/**
 * Renewed when less than a week is left: a pilot reads the file once, when it starts, and must still
 * be able to reconnect at the end of its longest job (MAJORANA_WALL_CLOCK_LIMIT_S, 3 days by default).
 */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/** The Local CE cannot work without someone its pilots may authenticate as. */
export class NoPilotIdentityError extends Error {
  override readonly name = 'NoPilotIdentityError';
}

/**
 * $MAJORANA_HOME/pilot.token: the credential of the Local CE's pilots (`--token-file`, never on the
 * command line where `ps` shows it). Issued through the admin service (so it is listed and revocable
 * like any token) for the pilot identity, written aside and renamed into place with mode 0600 (a
 * starting pilot never reads half a token), and renewed before it expires.
 */
@Injectable()
export class PilotTokenFile {
  private readonly logger = new Logger('local-ce');
  private validUntil: number | null = null;

  constructor(
    private readonly admin: AdminService,
    private readonly tokens: TokenService,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  get path(): string {
    return join(this.config.home, 'pilot.token');
  }

  /** Makes sure the file holds a pilot token with more than a week left; returns its path. */
  async ensure(): Promise<string> {
    const now = this.clock.now();
    if (this.validUntil !== null && this.validUntil - now > RENEW_BEFORE_MS) {
      return this.path;
    }
    const existing = await this.validExpiry(now);
    if (existing !== null && existing - now > RENEW_BEFORE_MS) {
      this.validUntil = existing;
      return this.path;
    }
    const identity = pilotIdentity(await this.admin.effectiveConfig());
    if (identity === null) {
      throw new NoPilotIdentityError(
        'the Local CE needs a user in a group with the Pilot property to issue its pilots a token: add one to the configuration ' +
          '(the default has user "pilot" in group "pilot"), or set MAJORANA_LOCAL_PILOTS=0 to run without the Local CE',
      );
    }
    const issued = await this.admin.issueToken(identity.user, identity.group, LIFETIME_S);
    const draft = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(draft, `${issued.token}\n`, { mode: 0o600, flag: 'wx' });
      await rename(draft, this.path);
    } catch (error) {
      await unlink(draft).catch(() => undefined);
      throw error;
    }
    this.validUntil = issued.expiresAt.getTime();
    this.logger.log(
      `pilot token for ${identity.user} (${identity.group}) written to ${this.path}, valid until ${issued.expiresAt.toISOString()}`,
    );
    return this.path;
  }

  /** When the token in the file expires, if it is a valid pilot token of this installation. */
  private async validExpiry(now: number): Promise<number | null> {
    let token: string;
    try {
      token = (await readFile(this.path, 'utf8')).trim();
    } catch {
      return null;
    }
    try {
      const principal = await this.tokens.verify(token, now);
      return principal.properties.has(DiracProperty.Pilot) ? principal.expiresAt.getTime() : null;
    } catch {
      return null; // expired, revoked, or signed with an older secret: replaced
    }
  }
}
