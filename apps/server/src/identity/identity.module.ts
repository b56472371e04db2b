import { Module, type DynamicModule } from '@nestjs/common';
import { IssuedTokenRepository } from '@majorana/db';
import { AuthModule, BearerTokenStrategy, TokenService } from '@majorana/auth';
import { Clock } from '../common/clock.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { AuthSettings } from './auth-settings.js';
import { RevokedTokenCache } from './revoked-token-cache.js';

/**
 * Who is calling: bearer tokens signed with the installation's secret, checked against the revocation
 * list in the database (cached for a second, see RevokedTokenCache), by a guard on every route (DESIGN.md: security is on in every mode).
 */
@Module({})
export class IdentityModule {
  static forRoot(settings: AuthSettings, secret: Uint8Array): DynamicModule {
    const revocations = {
      provide: RevokedTokenCache,
      inject: [IssuedTokenRepository, Clock],
      useFactory: (issued: IssuedTokenRepository, clock: Clock) => new RevokedTokenCache(issued, clock),
    };
    const tokenService = {
      provide: TokenService,
      inject: [RevokedTokenCache],
      useFactory: (revoked: RevokedTokenCache) => new TokenService({ secret, revocations: revoked }),
    };
    return {
      module: IdentityModule,
      global: true,
      imports: [
        AuthModule.forRootAsync({
          // The server's one clock, so tests that set it also set token expiry checks.
          inject: [TokenService, Clock],
          useFactory: (tokens: TokenService, clock: Clock) => ({ strategies: [new BearerTokenStrategy(tokens, clock)] }),
        }),
      ],
      controllers: [AdminController],
      providers: [{ provide: AuthSettings, useValue: settings }, revocations, tokenService, AdminService],
      exports: [AuthSettings, TokenService, AdminService],
    };
  }
}
