import { MajoranaClientError } from './client.error.js';

/** What a Majorana token says about its holder (DiracX's claim names), read without checking the signature. */
export interface TokenClaims {
  readonly user: string;
  readonly group: string;
  readonly vo: string;
  readonly properties: string[];
  readonly jti: string;
  readonly issuer: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/**
 * Reads the claims of a token for display (`majorana whoami`, `dirac-proxy-info`). Only the server
 * can tell whether the token is still good (signature, revocation): ask it before trusting this.
 */
export function readTokenClaims(token: string): TokenClaims {
  const payload = token.trim().split('.')[1];
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw malformed();
  }
  const { sub, dirac_group: group, vo, dirac_properties: properties, jti, iss, iat, exp } = claims;
  if (typeof sub !== 'string' || typeof exp !== 'number') {
    throw malformed();
  }
  return {
    user: sub,
    group: typeof group === 'string' ? group : '',
    vo: typeof vo === 'string' ? vo : '',
    properties: Array.isArray(properties) ? properties.filter((item): item is string => typeof item === 'string') : [],
    jti: typeof jti === 'string' ? jti : '',
    issuer: typeof iss === 'string' ? iss : '',
    issuedAt: new Date((typeof iat === 'number' ? iat : 0) * 1000),
    expiresAt: new Date(exp * 1000),
  };
}

function malformed(): MajoranaClientError {
  return new MajoranaClientError(
    0,
    'the token is not a Majorana token (three base64url parts with sub and exp claims): use the one `majorana admin user token NAME` printed',
    undefined,
    'unauthenticated',
  );
}
