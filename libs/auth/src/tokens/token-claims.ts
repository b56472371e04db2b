import { type JWTPayload } from 'jose';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type JobScope, type Principal } from '../principal/principal.js';
import { type DiracProperty, isDiracProperty } from '../properties/dirac-property.js';

/** The claims of a Majorana access token: DiracX's names, so DiracX-aware tools can read them. */
export interface TokenClaims extends JWTPayload {
  sub: string;
  vo: string;
  dirac_group: string;
  dirac_properties: DiracProperty[];
  jti: string;
  iss: string;
  iat: number;
  exp: number;
  /** Job tokens only: the job whose sandboxes the token reaches. */
  majorana_job?: number;
  /** Job tokens only: the attempt of that job the token was issued for. */
  majorana_attempt?: number;
  /** Pilot credentials of one computing element only: its name. */
  majorana_ce?: string;
}

/**
 * Turns the payload of a token whose signature, issuer and times jose has already checked into a
 * Principal. A payload that is signed but not shaped like ours is refused rather than half-trusted:
 * an unknown property could otherwise be read as "no rights" by one check and "some right" by another.
 */
export function principalFromClaims(payload: JWTPayload): Principal {
  const { sub, jti, exp } = payload;
  const vo = payload['vo'];
  const group = payload['dirac_group'];
  const properties = payload['dirac_properties'];
  if (!isNonEmptyString(sub) || !isNonEmptyString(vo) || !isNonEmptyString(group) || !isNonEmptyString(jti) || typeof exp !== 'number') {
    throw malformed('sub, vo, dirac_group, jti and exp must all be present');
  }
  if (!Array.isArray(properties) || !properties.every(isDiracProperty)) {
    throw malformed(`dirac_properties must be a list of known properties, got ${JSON.stringify(properties)}`);
  }
  const jobScope = jobScopeFromClaims(payload);
  const ce = payload['majorana_ce'];
  if (ce !== undefined && !isNonEmptyString(ce)) {
    throw malformed(`majorana_ce must be a computing element's name, got ${JSON.stringify(ce)}`);
  }
  if (jobScope !== undefined && properties.length > 0) {
    throw malformed('a job token carries no properties');
  }
  return {
    user: sub,
    group,
    vo,
    properties: new Set(properties),
    jti,
    expiresAt: new Date(exp * 1000),
    ...(jobScope === undefined ? {} : { jobScope }),
    ...(ce === undefined ? {} : { ce }),
  };
}

/** Both claims or neither: half a job scope would leave the token's reach undefined. */
function jobScopeFromClaims(payload: JWTPayload): JobScope | undefined {
  const jobId = payload['majorana_job'];
  const attempt = payload['majorana_attempt'];
  if (jobId === undefined && attempt === undefined) {
    return undefined;
  }
  if (!isPositiveInteger(jobId) || !isPositiveInteger(attempt)) {
    throw malformed(`majorana_job and majorana_attempt must both be positive integers, got ${JSON.stringify({ jobId, attempt })}`);
  }
  return { jobId, attempt };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function malformed(reason: string): AuthException {
  return new AuthException(
    AuthErrorCode.MalformedToken,
    `the token's claims are not a Majorana token's (${reason}): ask an administrator for a new one (\`majorana admin user token NAME\`)`,
  );
}
