import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requireProperty } from '../access/access-policy.js';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { type DiracProperty } from '../properties/dirac-property.js';
import { type AuthRequest } from '../strategies/auth-strategy.js';
import { StrategyChain } from '../strategies/strategy-chain.js';
import { JOB_SCOPED_ACCESS_KEY } from './job-scoped-access.decorator.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';
import { attachPrincipal, principalCarrier, principalOf } from './request-principal.js';
import { REQUIRED_PROPERTIES_KEY } from './require-properties.decorator.js';

/**
 * The global guard: authenticates every request with the configured strategies, puts the Principal
 * on it, and enforces `@RequireProperties`. Refusals are AuthExceptions, which the server's edge filter
 * turns into 401 or 403; a route is open only when marked `@Public()`. A job token (a principal with a
 * `jobScope`) passes only on routes marked `@JobScopedAccess()`, which check the scope themselves.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(StrategyChain) private readonly chain: StrategyChain,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) {
      return true;
    }
    const principal = await this.authenticate(context);
    if (principal.jobScope !== undefined) {
      // A job token carries no properties: its only right is the one its scope names.
      if (this.reflector.getAllAndOverride<boolean | undefined>(JOB_SCOPED_ACCESS_KEY, targets) !== true) {
        throw new AuthException(
          AuthErrorCode.Forbidden,
          `this token only gives access to job ${principal.jobScope.jobId}'s sandboxes: use a user token for anything else`,
          { jobId: principal.jobScope.jobId },
        );
      }
      return true;
    }
    const [first, ...rest] = this.reflector.getAllAndOverride<DiracProperty[] | undefined>(REQUIRED_PROPERTIES_KEY, targets) ?? [];
    if (first !== undefined) {
      requireProperty(principal, first, ...rest);
    }
    return true;
  }

  private async authenticate(context: ExecutionContext): Promise<Principal> {
    const carrier = principalCarrier(context);
    if (context.getType() === 'http' && carrier !== undefined) {
      // Fastify's request has Node's lower-cased `headers`, which is all an AuthRequest needs.
      const principal = await this.chain.authenticate(carrier as AuthRequest);
      attachPrincipal(carrier, principal);
      return principal;
    }
    const principal = carrier === undefined ? undefined : principalOf(carrier);
    if (principal === undefined) {
      throw new AuthException(
        AuthErrorCode.MissingToken,
        `this ${context.getType()} call carries no authenticated identity: a WebSocket client must present its token when it connects`,
      );
    }
    return principal;
  }
}
