import { createHmac, randomUUID, webcrypto } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { AuthConfigErrorCode, AuthConfigException } from '../config/auth-config.exception.js';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { type DiracProperty, isDiracProperty } from '../properties/dirac-property.js';
import { principalFromClaims, type TokenClaims } from './token-claims.js';
import { type TokenRevocationStore } from './token-revocation-store.js';

export const TOKEN_ISSUER = 'majorana';
/** Seven days: a day-long workflow (Snakemake over many jobs) must not lose its token mid-run. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
/** HS256 is as strong as its key; 32 random bytes match the hash's 256 bits (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;
/** The only algorithm accepted, so `alg: none` and key-confusion tricks (RS256 with our secret) fail. */
const ALGORITHM = 'HS256';

/**
 * Tokens whose signature and claims were checked, kept so that a pilot or a script sending the same
 * token on every request pays the HMAC and the JSON parsing once. Bounded: a flood of distinct tokens
 * only evicts the oldest entries. Expiry and revocation are still checked on every request.
 */
const VERIFIED_TOKENS_KEPT = 4_096;

/** The JOSE header of every token we issue, base64url-encoded once. */
const PROTECTED_HEADER = Buffer.from(JSON.stringify({ alg: ALGORITHM, typ: 'JWT' })).toString('base64url');

export interface TokenServiceOptions {
  /** The HS256 signing key: at least 32 random bytes, kept by the server in a file under $MAJORANA_HOME. */
  readonly secret: Uint8Array;
  /** Asked on every verification whether the token was revoked. */
  readonly revocations: TokenRevocationStore;
  /** Makes the random `jti` of a new token. @default crypto.randomUUID */
  readonly newTokenId?: () => string;
}

export interface IssueTokenRequest {
  readonly user: string;
  readonly group: string;
  readonly properties: readonly DiracProperty[];
  readonly vo: string;
  /** @default 604800 (7 days) */
  readonly lifetimeSeconds?: number;
  /**
   * Pilot credentials only: the computing element whose pilots may use the token (claim
   * `majorana_ce`). The pilot gateway refuses a hello from such a token that names another CE.
   */
  readonly ce?: string;
  /** Milliseconds since the Unix epoch. */
  readonly now: number;
}

/** Four days: a job may run three (MAJORANA_WALL_CLOCK_LIMIT_S's default), then upload its output. */
export const DEFAULT_JOB_TOKEN_LIFETIME_SECONDS = 4 * 24 * 60 * 60;

export interface IssueJobTokenRequest {
  /** The pilot's user (the token's `sub`), for audit logs. */
  readonly pilotUser: string;
  /** The pilot's group. */
  readonly group: string;
  readonly vo: string;
  readonly jobId: number;
  /** The attempt the pilot was matched to; the token stops working once the job has a newer one. */
  readonly attempt: number;
  /** @default 345600 (4 days) */
  readonly lifetimeSeconds?: number;
  /** Milliseconds since the Unix epoch. */
  readonly now: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: Date;
}

/** Issues and verifies Majorana's signed bearer tokens (JWT, HS256, DiracX's claim names). */
export class TokenService {
  private readonly secret: Uint8Array;
  private readonly revocations: TokenRevocationStore;
  private readonly newTokenId: () => string;
  private importedKey: Promise<webcrypto.CryptoKey> | undefined;
  private readonly verified = new Map<string, Principal>();

  constructor(options: TokenServiceOptions) {
    if (options.secret.byteLength < MIN_SECRET_BYTES) {
      throw AuthConfigException.of([
        {
          code: AuthConfigErrorCode.WeakSecret,
          path: '',
          message: `the token secret has ${options.secret.byteLength} bytes; it must be at least ${MIN_SECRET_BYTES} random bytes (crypto.randomBytes(32))`,
        },
      ]);
    }
    // A copy, so that a caller reusing its buffer cannot change the key under us.
    this.secret = Uint8Array.from(options.secret);
    this.revocations = options.revocations;
    this.newTokenId = options.newTokenId ?? randomUUID;
  }

  /**
   * The secret imported once as a WebCrypto HMAC key: given raw bytes, jose imports them again for
   * every token it signs or verifies, which was a fifth of the cost of handing a job to a pilot.
   */
  private key(): Promise<webcrypto.CryptoKey> {
    this.importedKey ??= webcrypto.subtle.importKey('raw', this.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.importedKey;
  }

  async issue(request: IssueTokenRequest): Promise<IssuedToken> {
    const unknown = request.properties.filter((property) => !isDiracProperty(property));
    if (unknown.length > 0) {
      throw new TypeError(`cannot issue a token with unknown properties ${JSON.stringify(unknown)}`);
    }
    const { user, group, vo, properties, ce } = request;
    if (ce !== undefined && ce === '') {
      throw new TypeError('a pilot credential names its computing element: ce must not be empty');
    }
    return this.sign(
      { sub: user, vo, dirac_group: group, dirac_properties: [...properties], ...(ce === undefined ? {} : { majorana_ce: ce }) },
      request.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      request.now,
    );
  }

  /**
   * A token for the pilot running one attempt of one job, to fetch that job's input sandbox and upload
   * its output sandbox over HTTP. It carries no properties, so it opens nothing else: the AuthGuard
   * refuses it on every route not marked `@JobScopedAccess()`, and those routes check that the attempt
   * is still the job's current one (a rescheduled job's old pilot is locked out at once).
   */
  async issueJobToken(request: IssueJobTokenRequest): Promise<IssuedToken> {
    for (const [name, value] of [
      ['jobId', request.jobId],
      ['attempt', request.attempt],
    ] as const) {
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw new RangeError(`${name} must be a positive whole number, got ${value}`);
      }
    }
    return this.sign(
      {
        sub: request.pilotUser,
        vo: request.vo,
        dirac_group: request.group,
        dirac_properties: [],
        majorana_job: request.jobId,
        majorana_attempt: request.attempt,
      },
      request.lifetimeSeconds ?? DEFAULT_JOB_TOKEN_LIFETIME_SECONDS,
      request.now,
    );
  }

  private sign(
    subject: Pick<TokenClaims, 'sub' | 'vo' | 'dirac_group' | 'dirac_properties' | 'majorana_job' | 'majorana_attempt' | 'majorana_ce'>,
    lifetimeSeconds: number,
    now: number,
  ): Promise<IssuedToken> {
    if (!Number.isSafeInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
      throw new RangeError(`lifetimeSeconds must be a positive whole number of seconds, got ${lifetimeSeconds}`);
    }
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = { ...subject, jti: this.newTokenId(), iss: TOKEN_ISSUER, iat, exp: iat + lifetimeSeconds };
    // A compact JWS (RFC 7515) signed with node:crypto's HMAC: synchronous, and the matcher signs one
    // job token per job it hands out. jose verifies it like any other (see the spec).
    const signingInput = `${PROTECTED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = createHmac('sha256', this.secret).update(signingInput).digest('base64url');
    return Promise.resolve({ token: `${signingInput}.${signature}`, jti: claims.jti, expiresAt: new Date(claims.exp * 1000) });
  }

  /**
   * Checks a token's signature, issuer, expiry, claims and revocation, in that order, and returns who
   * it speaks for. `now` is milliseconds since the Unix epoch.
   */
  async verify(token: string | undefined, now: number): Promise<Principal> {
    if (token === undefined || token === '') {
      throw new AuthException(
        AuthErrorCode.MissingToken,
        'no token was given: send `Authorization: Bearer <token>` with a token from `majorana admin user token NAME`',
      );
    }
    const principal = this.verifiedBefore(token, now) ?? (await this.checkSignatureAndClaims(token, now));
    if (await this.revocations.isRevoked(principal.jti)) {
      throw new AuthException(
        AuthErrorCode.Revoked,
        `token ${principal.jti} of ${principal.user} was revoked: ask an administrator for a new one (\`majorana admin user token ${principal.user}\`)`,
        { jti: principal.jti },
      );
    }
    return principal;
  }

  /** The principal of a token verified before and not expired since; undefined sends it through the full check. */
  private verifiedBefore(token: string, now: number): Principal | undefined {
    const principal = this.verified.get(token);
    if (principal === undefined || principal.expiresAt.getTime() <= now) {
      return undefined;
    }
    return principal;
  }

  private async checkSignatureAndClaims(token: string, now: number): Promise<Principal> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await this.key(), {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        currentDate: new Date(now),
      }));
    } catch (error) {
      throw refusal(error);
    }
    const principal = principalFromClaims(payload);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, principal);
    return principal;
  }
}

/** Translates jose's verdict into ours; anything that is not a JOSE error is a bug and goes up unchanged. */
function refusal(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) {
    const user = typeof error.payload.sub === 'string' ? error.payload.sub : 'NAME';
    const expiredAt = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000).toISOString() : 'an earlier time';
    return new AuthException(
      AuthErrorCode.Expired,
      `the token expired at ${expiredAt}: ask for a new one with \`majorana admin user token ${user}\``,
      { expiredAt },
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthException(
      AuthErrorCode.BadSignature,
      'the token is not signed by this server (altered, forged, or issued by another Majorana): ask for a new one with `majorana admin user token NAME`',
    );
  }
  if (error instanceof errors.JOSEError) {
    return new AuthException(
      AuthErrorCode.MalformedToken,
      `the token is malformed (${error.message}): send it exactly as \`majorana admin user token NAME\` printed it`,
    );
  }
  return error;
}
