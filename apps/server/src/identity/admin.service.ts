import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { IssuedTokenRepository, UserRepository, type IssuedTokenRecord, type UserRecord } from '@majorana/db';
import { DiracProperty, resolveMembership, TokenService, type AuthConfig, type IssuedToken } from '@majorana/auth';
import { Clock } from '../common/clock.js';
import { AuthSettings } from './auth-settings.js';
import { RevokedTokenCache } from './revoked-token-cache.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';

/** Tokens made by `majorana admin user token` live a week unless asked otherwise: long enough for day-long workflows. */
export const USER_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;
/** The admin token written to $MAJORANA_HOME lives 30 days and is renewed at start-up when it has less than a day left. */
const ADMIN_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;
const RENEW_BEFORE_MS = 24 * 3600 * 1000;

/**
 * Users and tokens: the configuration file's users plus those added through the admin API (kept in
 * the database), tokens issued for a membership that exists, recorded so they can be listed and revoked.
 */
@Injectable()
export class AdminService {
  private readonly logger = new Logger('identity');

  constructor(
    private readonly settings: AuthSettings,
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
    private readonly issued: IssuedTokenRepository,
    private readonly clock: Clock,
    private readonly revocations: RevokedTokenCache,
  ) {}

  /** The configuration with the users added through the API. */
  async effectiveConfig(): Promise<AuthConfig> {
    const stored = await this.users.list();
    const configured = new Set(this.settings.config.users.map((user) => user.name));
    return {
      ...this.settings.config,
      users: [
        ...this.settings.config.users,
        ...stored.filter((user) => !configured.has(user.name)).map((user) => ({ name: user.name, groups: user.groups })),
      ],
    };
  }

  async addUser(name: string, groups: readonly string[]): Promise<UserRecord> {
    const unknown = groups.filter((group) => !this.settings.config.groups.some((known) => known.name === group));
    if (unknown.length > 0) {
      throw new IdentityException(
        IdentityErrorCode.UnknownGroup,
        `no group ${unknown.join(', ')}: use one of ${this.settings.config.groups.map((group) => group.name).join(', ')} (groups are defined in the configuration file)`,
      );
    }
    const record: UserRecord = { name, vo: this.settings.config.vo, groups: [...groups], createdAt: this.clock.now() };
    await this.users.save(record);
    this.logger.log(`user ${name} added to ${groups.join(', ')}`);
    return record;
  }

  async listUsers(): Promise<{ name: string; groups: readonly string[] }[]> {
    return (await this.effectiveConfig()).users.map((user) => ({ name: user.name, groups: user.groups }));
  }

  async issueToken(user: string, group: string | undefined, lifetimeSeconds = USER_TOKEN_LIFETIME_SECONDS): Promise<IssuedToken> {
    const membership = resolveMembership(await this.effectiveConfig(), user, group);
    const now = this.clock.now();
    const issued = await this.tokens.issue({ ...membership, lifetimeSeconds, now });
    await this.issued.record({
      jti: issued.jti,
      subject: user,
      ownerGroup: membership.group,
      issuedAt: now,
      expiresAt: issued.expiresAt.getTime(),
    });
    this.logger.log(`token ${issued.jti} issued to ${user} (${membership.group}) until ${issued.expiresAt.toISOString()}`);
    return issued;
  }

  async revoke(jti: string): Promise<boolean> {
    const revoked = await this.issued.revoke(jti, this.clock.now());
    if (revoked) {
      this.revocations.noteRevoked(jti);
    }
    return revoked;
  }

  /** Revokes every live token of `user`; returns how many. */
  async revokeAll(user: string): Promise<number> {
    let count = 0;
    for (const token of await this.issued.listForSubject(user)) {
      if (token.revokedAt === null && (await this.issued.revoke(token.jti, this.clock.now()))) {
        this.revocations.noteRevoked(token.jti);
        count++;
      }
    }
    return count;
  }

  async tokensOf(user: string): Promise<IssuedTokenRecord[]> {
    return this.issued.listForSubject(user);
  }

  /**
   * Makes sure $MAJORANA_HOME/admin.token holds a valid token of the administrator (the first user of
   * a group with ServiceAdministrator), alone on one line, before the server listens: the CLI reads it.
   */
  async ensureAdminToken(home: string): Promise<string> {
    const path = join(home, 'admin.token');
    if (existsSync(path)) {
      try {
        const principal = await this.tokens.verify(readFileSync(path, 'utf8').trim(), this.clock.now());
        if (principal.expiresAt.getTime() - this.clock.now() > RENEW_BEFORE_MS) {
          return path;
        }
      } catch {
        // expired, revoked or signed with an older secret: replaced below
      }
    }
    const { user, group } = this.administrator();
    const issued = await this.issueToken(user, group, ADMIN_TOKEN_LIFETIME_SECONDS);
    // Written aside and renamed into place: a CLI or another replica never reads half a token.
    const draft = `${path}.${process.pid}`;
    writeFileSync(draft, `${issued.token}\n`, { mode: 0o600 });
    renameSync(draft, path);
    return path;
  }

  private administrator(): { user: string; group: string } {
    const config = this.settings.config;
    const adminGroups = config.groups
      .filter((group) => group.properties.includes(DiracProperty.ServiceAdministrator))
      .map((group) => group.name);
    for (const user of config.users) {
      const group = user.groups.find((name) => adminGroups.includes(name));
      if (group) {
        return { user: user.name, group };
      }
    }
    throw new Error('the configuration has no user in a group with ServiceAdministrator: add one, or Majorana cannot be administered');
  }
}
