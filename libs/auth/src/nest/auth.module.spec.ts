import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ArgumentsHost, Catch, type ExceptionFilter, Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { DiracProperty } from '../properties/dirac-property.js';
import { BearerTokenStrategy } from '../strategies/bearer-token.strategy.js';
import { StrategyChain } from '../strategies/strategy-chain.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryTokenRevocationStore } from '../testing/in-memory-token-revocation-store.js';
import { TokenService } from '../tokens/token-service.js';
import { type TokenRevocationStore } from '../tokens/token-revocation-store.js';
import { AuthModule } from './auth.module.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { Public } from './public.decorator.js';
import { RequireProperties } from './require-properties.decorator.js';

const NOW = Date.UTC(2025, 10, 25, 12, 0, 0);
const SECRET = randomBytes(32);
const REVOCATIONS = 'REVOCATIONS';

@Controller('jobs')
class JobsController {
  @Public()
  @Get('health')
  health(): { ok: boolean } {
    return { ok: true };
  }

  @Get('mine')
  mine(@CurrentPrincipal() principal: Principal): { user: string; group: string } {
    return { user: principal.user, group: principal.group };
  }

  @RequireProperties(DiracProperty.JobAdministrator)
  @Get('all')
  all(): string[] {
    return ['every', 'job'];
  }
}

/** A stand-in for the server's edge filter: the status each code maps to. */
@Catch(AuthException)
class AuthExceptionFilter implements ExceptionFilter {
  catch(exception: AuthException, host: ArgumentsHost): void {
    const status = exception.code === AuthErrorCode.Forbidden ? 403 : 401;
    void host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): unknown } }>().status(status).send({
      statusCode: status,
      error: exception.code,
      message: exception.message,
    });
  }
}

/** Stands for the database module that will provide the revocation store. */
@Injectable()
class Revocations extends InMemoryTokenRevocationStore {}

@Module({ providers: [Revocations, { provide: REVOCATIONS, useExisting: Revocations }], exports: [REVOCATIONS] })
class StoreModule {}

@Module({
  imports: [
    AuthModule.forRootAsync({
      imports: [StoreModule],
      inject: [REVOCATIONS],
      useFactory: (revocations: TokenRevocationStore) => ({
        strategies: [new BearerTokenStrategy(new TokenService({ secret: SECRET, revocations }), new FixedClock(NOW))],
      }),
    }),
  ],
  controllers: [JobsController],
  providers: [{ provide: APP_FILTER, useClass: AuthExceptionFilter }],
})
class AppModule {
  constructor(@Inject(StrategyChain) readonly chain: StrategyChain) {}
}

describe(AuthModule.name, () => {
  const tokens = new TokenService({ secret: SECRET, revocations: new InMemoryTokenRevocationStore() });
  let app: NestFastifyApplication;
  let userToken: string;
  let adminToken: string;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    // A real listener on loopback: Fastify's inject() needs an ESM-only package that Jest on Node 20 cannot require.
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const issue = async (properties: DiracProperty[]): Promise<string> =>
      (await tokens.issue({ user: 'alice', group: 'km3net_user', vo: 'km3net', properties, now: NOW })).token;
    userToken = await issue([DiracProperty.NormalUser]);
    adminToken = await issue([DiracProperty.JobAdministrator]);
  });

  afterAll(async () => {
    await app.close();
  });

  async function get(url: string, token?: string): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
    const response = await fetch(`${baseUrl}${url}`, { headers });
    return { status: response.status, body: await response.json() };
  }

  it('serves a @Public route to anyone', async () => {
    expect(await get('/jobs/health')).toEqual({ status: 200, body: { ok: true } });
  });

  it('refuses an anonymous call with 401 MissingToken', async () => {
    expect(await get('/jobs/mine')).toMatchObject({ status: 401, body: { error: AuthErrorCode.MissingToken } });
  });

  it('refuses a forged token with 401 BadSignature', async () => {
    const forged = await new TokenService({ secret: randomBytes(32), revocations: new InMemoryTokenRevocationStore() }).issue({
      user: 'alice',
      group: 'km3net_admin',
      vo: 'km3net',
      properties: [DiracProperty.JobAdministrator],
      now: NOW,
    });
    expect(await get('/jobs/all', forged.token)).toMatchObject({ status: 401, body: { error: AuthErrorCode.BadSignature } });
  });

  it('hands the principal to the handler through @CurrentPrincipal', async () => {
    expect(await get('/jobs/mine', userToken)).toEqual({ status: 200, body: { user: 'alice', group: 'km3net_user' } });
  });

  it('refuses a route whose property the caller lacks with 403 Forbidden', async () => {
    expect(await get('/jobs/all', userToken)).toMatchObject({ status: 403, body: { error: AuthErrorCode.Forbidden } });
    expect(await get('/jobs/all', adminToken)).toEqual({ status: 200, body: ['every', 'job'] });
  });

  it('checks revocations in the store the factory was given', async () => {
    const { token, jti } = await tokens.issue({ user: 'bob', group: 'g', vo: 'km3net', properties: [], now: NOW });
    app.get(Revocations).revoked.add(jti);
    expect(await get('/jobs/mine', token)).toMatchObject({ status: 401, body: { error: AuthErrorCode.Revoked } });
  });

  it('exports the strategy chain for authentication outside routes', async () => {
    const principal = await app.get(AppModule).chain.authenticate({ headers: { authorization: `Bearer ${userToken}` } });
    expect(principal.user).toBe('alice');
  });
});
