import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AuthStrategy } from '../strategies/auth-strategy.js';
import { StrategyChain } from '../strategies/strategy-chain.js';
import { AUTH_STRATEGIES } from './auth.constants.js';
import { AuthGuard } from './auth.guard.js';

export interface AuthModuleOptions {
  /** Tried in order; the first that recognises the request's credential decides. */
  readonly strategies: readonly AuthStrategy[];
}

export interface AuthModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: InjectionToken[];
  /** Builds the options from injected providers (e.g. the database's TokenRevocationStore). */
  readonly useFactory: (...deps: never[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
}

/**
 * Installs the AuthGuard globally (APP_GUARD), so every route of every controller is guarded unless
 * `@Public()`. Exports the StrategyChain for whoever authenticates outside a route (the pilots'
 * WebSocket handshake).
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return AuthModule.build([], { provide: AUTH_STRATEGIES, useValue: options.strategies });
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return AuthModule.build(options.imports ?? [], {
      provide: AUTH_STRATEGIES,
      inject: options.inject ?? [],
      useFactory: async (...deps: unknown[]) => (await options.useFactory(...(deps as never[]))).strategies,
    });
  }

  private static build(imports: NonNullable<ModuleMetadata['imports']>, strategies: Provider): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports,
      providers: [
        strategies,
        { provide: StrategyChain, inject: [AUTH_STRATEGIES], useFactory: (list: readonly AuthStrategy[]) => new StrategyChain(list) },
        AuthGuard,
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
      exports: [StrategyChain, AuthGuard],
    };
  }
}
