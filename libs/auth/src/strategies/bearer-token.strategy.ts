import { type Clock } from '../clock/clock.js';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { type TokenService } from '../tokens/token-service.js';
import { type AuthRequest, type AuthStrategy } from './auth-strategy.js';

/** `Bearer <token68>` (RFC 6750 §2.1); the scheme is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME = /^(\S+)/;

/** Authenticates `Authorization: Bearer <token>` with Majorana's own tokens. */
export class BearerTokenStrategy implements AuthStrategy {
  readonly name = 'bearer';

  constructor(
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async authenticate(request: AuthRequest): Promise<Principal | null> {
    const header = request.headers['authorization'];
    if (header === undefined) {
      return null;
    }
    if (typeof header !== 'string') {
      throw malformedHeader('it was sent more than once');
    }
    if (SCHEME.exec(header.trim())?.[1]?.toLowerCase() !== 'bearer') {
      // Another scheme (Basic, a future proxy scheme…) is another strategy's business.
      return null;
    }
    const token = BEARER.exec(header.trim())?.[1];
    if (token === undefined) {
      throw malformedHeader('expected `Bearer <token>`');
    }
    return this.tokens.verify(token, this.clock.now());
  }
}

function malformedHeader(reason: string): AuthException {
  return new AuthException(
    AuthErrorCode.MalformedToken,
    `the Authorization header is malformed (${reason}): send exactly one \`Authorization: Bearer <token>\``,
  );
}
