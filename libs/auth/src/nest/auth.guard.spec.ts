import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { randomBytes } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { DiracProperty } from '../properties/dirac-property.js';
import { type AuthRequest, type AuthStrategy } from '../strategies/auth-strategy.js';
import { BearerTokenStrategy } from '../strategies/bearer-token.strategy.js';
import { StrategyChain } from '../strategies/strategy-chain.js';
import { caught } from '../testing/caught.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryTokenRevocationStore } from '../testing/in-memory-token-revocation-store.js';
import { principalWith } from '../testing/principal.fixture.js';
import { TokenService } from '../tokens/token-service.js';
import { AuthGuard } from './auth.guard.js';
import { principalFromContext } from './current-principal.decorator.js';
import { JobScopedAccess } from './job-scoped-access.decorator.js';
import { Public } from './public.decorator.js';
import { attachPrincipal, principalOf } from './request-principal.js';
import { RequireProperties } from './require-properties.decorator.js';

const NOW = Date.UTC(2025, 10, 25, 12, 0, 0);

class JobsController {
  @Public()
  health(): void {}

  list(): void {}

  @RequireProperties(DiracProperty.JobAdministrator, DiracProperty.JobSharing)
  listAll(): void {}
}

@RequireProperties(DiracProperty.ServiceAdministrator)
class AdminController {
  revoke(): void {}

  @RequireProperties(DiracProperty.SiteManager)
  banSite(): void {}
}

@Public()
class StatusController {
  version(): void {}
}

@RequireProperties(DiracProperty.NormalUser, DiracProperty.JobAdministrator)
class SandboxesController {
  @JobScopedAccess()
  inputSandbox(): void {}

  outputFiles(): void {}
}

/** An ExecutionContext as Nest builds it around a request (HTTP) or a client (WebSocket). */
function contextFor(type: 'http' | 'ws', controller: object, handler: string, requestOrClient: object): ExecutionContext {
  const method = (controller as Record<string, unknown>)[handler];
  const context = new ExecutionContextHost([requestOrClient, {}], controller.constructor as new () => unknown, method as () => void);
  context.setType(type);
  return context;
}

/** For HTTP, the request is a Fastify-like object: lower-cased `headers`. */
const httpContext = (controller: object, handler: string, request: object): ExecutionContext =>
  contextFor('http', controller, handler, request);

/** Counts calls, so that a test can show the strategies were not even asked. */
class CountingStrategy implements AuthStrategy {
  readonly name: string;
  calls = 0;
  constructor(private readonly inner: AuthStrategy) {
    this.name = inner.name;
  }
  authenticate(request: AuthRequest): ReturnType<AuthStrategy['authenticate']> {
    this.calls += 1;
    return this.inner.authenticate(request);
  }
}

describe(AuthGuard.name, () => {
  const tokens = new TokenService({ secret: randomBytes(32), revocations: new InMemoryTokenRevocationStore() });
  let strategy: CountingStrategy;
  let sut: AuthGuard;
  const tokenOf: Partial<Record<'user' | 'sharer' | 'admin', string>> = {};

  beforeAll(async () => {
    const issue = async (properties: DiracProperty[]): Promise<string> =>
      (await tokens.issue({ user: 'alice', group: 'km3net_user', vo: 'km3net', properties, now: NOW })).token;
    tokenOf.user = await issue([DiracProperty.NormalUser]);
    tokenOf.sharer = await issue([DiracProperty.NormalUser, DiracProperty.JobSharing]);
    tokenOf.admin = await issue([DiracProperty.ServiceAdministrator]);
  });

  beforeEach(() => {
    strategy = new CountingStrategy(new BearerTokenStrategy(tokens, new FixedClock(NOW)));
    sut = new AuthGuard(new Reflector(), new StrategyChain([strategy]));
  });

  /** Fastify hands Node's headers over with lower-case names. */
  const requestWith = (token?: string): { headers: Record<string, string> } => ({
    headers: token === undefined ? { host: 'majorana' } : { host: 'majorana', authorization: `Bearer ${token}` },
  });

  async function refusal(context: ExecutionContext, code: AuthErrorCode): Promise<AuthException> {
    const error = await caught(sut.canActivate(context));
    expect(error).toBeInstanceOf(AuthException);
    expect((error as AuthException).code).toBe(code);
    return error as AuthException;
  }

  it('lets a @Public route through without a token, without asking the strategies', async () => {
    await expect(sut.canActivate(httpContext(new JobsController(), 'health', requestWith()))).resolves.toBe(true);
    expect(strategy.calls).toBe(0);
  });

  it('lets every route of a @Public controller through, even with a bad token', async () => {
    await expect(sut.canActivate(httpContext(new StatusController(), 'version', requestWith('garbage')))).resolves.toBe(true);
  });

  it('refuses a request without a token on an ordinary route', async () => {
    await refusal(httpContext(new JobsController(), 'list', requestWith()), AuthErrorCode.MissingToken);
    expect(strategy.calls).toBe(1);
  });

  it('refuses a bad token', async () => {
    await refusal(httpContext(new JobsController(), 'list', requestWith(`${tokenOf.user?.slice(0, -4)}AAAA`)), AuthErrorCode.BadSignature);
  });

  it('refuses a malformed Authorization header', async () => {
    const request = { headers: { authorization: 'Bearer' } };
    await refusal(httpContext(new JobsController(), 'list', request), AuthErrorCode.MalformedToken);
  });

  it('lets a valid token through and puts the principal on the request', async () => {
    const request = requestWith(tokenOf.user);
    const context = httpContext(new JobsController(), 'list', request);
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(principalOf(request)).toMatchObject({ user: 'alice', group: 'km3net_user', properties: new Set([DiracProperty.NormalUser]) });
    expect(principalFromContext(context)).toBe(principalOf(request));
  });

  it('lets a holder of one of the required properties through', async () => {
    await expect(sut.canActivate(httpContext(new JobsController(), 'listAll', requestWith(tokenOf.sharer)))).resolves.toBe(true);
  });

  it('refuses a route whose properties the caller lacks, naming them', async () => {
    const error = await refusal(httpContext(new JobsController(), 'listAll', requestWith(tokenOf.user)), AuthErrorCode.Forbidden);
    expect(error.message).toContain('alice (group km3net_user) lacks one of the properties JobAdministrator, JobSharing');
  });

  it("applies a controller's required properties to its routes", async () => {
    await expect(sut.canActivate(httpContext(new AdminController(), 'revoke', requestWith(tokenOf.admin)))).resolves.toBe(true);
    await refusal(httpContext(new AdminController(), 'revoke', requestWith(tokenOf.user)), AuthErrorCode.Forbidden);
  });

  it("lets a route's required properties replace its controller's", async () => {
    const error = await refusal(httpContext(new AdminController(), 'banSite', requestWith(tokenOf.admin)), AuthErrorCode.Forbidden);
    expect(error.message).toContain('lacks the SiteManager property');
  });

  describe('with a job token', () => {
    let jobToken: string;
    beforeAll(async () => {
      jobToken = (await tokens.issueJobToken({ pilotUser: 'pilot', group: 'pilot', vo: 'km3net', jobId: 42, attempt: 2, now: NOW })).token;
    });

    it('lets it reach a @JobScopedAccess route although it holds none of the required properties', async () => {
      const request = requestWith(jobToken);
      await expect(sut.canActivate(httpContext(new SandboxesController(), 'inputSandbox', request))).resolves.toBe(true);
      expect(principalOf(request)?.jobScope).toEqual({ jobId: 42, attempt: 2 });
    });

    it('refuses it on every other route, saying what it is for', async () => {
      for (const [controller, handler] of [
        [new SandboxesController(), 'outputFiles'],
        [new JobsController(), 'list'],
        [new AdminController(), 'revoke'],
      ] as const) {
        const error = await refusal(httpContext(controller, handler, requestWith(jobToken)), AuthErrorCode.Forbidden);
        expect(error.message).toContain("this token only gives access to job 42's sandboxes");
      }
    });

    it('still asks an ordinary token for the properties of a @JobScopedAccess route', async () => {
      await expect(sut.canActivate(httpContext(new SandboxesController(), 'inputSandbox', requestWith(tokenOf.user)))).resolves.toBe(true);
      await refusal(httpContext(new SandboxesController(), 'inputSandbox', requestWith(tokenOf.admin)), AuthErrorCode.Forbidden);
    });

    it('refuses a job-scoped WebSocket client on an unmarked handler', async () => {
      const client = {};
      attachPrincipal(client, { ...principalWith([]), jobScope: { jobId: 7, attempt: 1 } });
      await refusal(contextFor('ws', new JobsController(), 'list', client), AuthErrorCode.Forbidden);
    });
  });

  describe('on a WebSocket message', () => {
    const wsContext = (client: object): ExecutionContext => contextFor('ws', new JobsController(), 'listAll', client);

    it('uses the principal the gateway attached to the client when it connected', async () => {
      const client = {};
      attachPrincipal(client, principalWith([DiracProperty.JobAdministrator]));
      await expect(sut.canActivate(wsContext(client))).resolves.toBe(true);
      expect(strategy.calls).toBe(0);
    });

    it('still enforces the required properties', async () => {
      const client = {};
      attachPrincipal(client, principalWith([DiracProperty.Pilot]));
      await refusal(wsContext(client), AuthErrorCode.Forbidden);
    });

    it('refuses a client nobody authenticated', async () => {
      await refusal(wsContext({}), AuthErrorCode.MissingToken);
    });
  });
});

describe(principalFromContext.name, () => {
  it('fails loudly on a route where no principal was established', async () => {
    const error = await caught(() => principalFromContext(httpContext(new JobsController(), 'health', { headers: {} })));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('@CurrentPrincipal() is used where no Principal was established');
  });
});
