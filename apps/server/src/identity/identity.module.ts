import { Module, type DynamicModule } from '@nestjs/common';
import { IssuedTokenRepository } from '@majorana/db';
import { AuthModule, BearerTokenStrategy, systemClock, TokenService } from '@majorana/auth';
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
          inject: [TokenService],
          useFactory: (tokens: TokenService) => ({ strategies: [new BearerTokenStrategy(tokens, systemClock)] }),
        }),
      ],
      controllers: [AdminController],
      providers: [{ provide: AuthSettings, useValue: settings }, tokenService, AdminService],
      exports: [AuthSettings, TokenService, AdminService],
    };
  }
}
