import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { type AuthRequest, type AuthStrategy } from './auth-strategy.js';

/**
 * Runs the strategies in order and returns the first Principal. A strategy that throws ends the
 * search: a wrong credential must not be overlooked in favour of a later strategy. No credential at
 * all is MissingToken: there are no anonymous calls.
 */
export class StrategyChain {
  constructor(private readonly strategies: readonly AuthStrategy[]) {}

  async authenticate(request: AuthRequest): Promise<Principal> {
    for (const strategy of this.strategies) {
      const principal = await strategy.authenticate(request);
      if (principal !== null) {
        return principal;
      }
    }
    const accepted = this.strategies.map((strategy) => strategy.name).join(', ') || 'none configured';
    throw new AuthException(
      AuthErrorCode.MissingToken,
      `no credentials were sent (accepted: ${accepted}): send \`Authorization: Bearer <token>\` with a token from \`majorana admin user token NAME\``,
    );
  }
}
