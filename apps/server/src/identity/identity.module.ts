import { Module, type DynamicModule } from '@nestjs/common';
import { IssuedTokenRepository } from '@majorana/db';
import { AuthModule, BearerTokenStrategy, TokenService } from '@majorana/auth';
import { Clock } from '../common/clock.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { AuthSettings } from './auth-settings.js';

/**
 * Who is calling: bearer tokens signed with the installation's secret, checked against the revocation
 * list in the database, by a guard on every route (DESIGN.md: security is on in every mode).
 */
@Module({})
export class IdentityModule {
  static forRoot(settings: AuthSettings, secret: Uint8Array): DynamicModule {
    const tokenService = {
      provide: TokenService,
      inject: [IssuedTokenRepository],
      useFactory: (revocations: IssuedTokenRepository) => new TokenService({ secret, revocations }),
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
      providers: [{ provide: AuthSettings, useValue: settings }, tokenService, AdminService],
      exports: [AuthSettings, TokenService, AdminService],
    };
  }
}
