import { beforeEach, describe, expect, it } from '@jest/globals';
import { CompactSign, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { AuthConfigErrorCode, AuthConfigException } from '../config/auth-config.exception.js';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { DiracProperty } from '../properties/dirac-property.js';
import { caught } from '../testing/caught.js';
import { InMemoryTokenRevocationStore } from '../testing/in-memory-token-revocation-store.js';
import { DEFAULT_JOB_TOKEN_LIFETIME_SECONDS, DEFAULT_TOKEN_LIFETIME_SECONDS, TokenService } from './token-service.js';

const NOW = Date.UTC(2025, 10, 25, 12, 0, 0);
const SECRET = randomBytes(32);
const ALICE = { user: 'alice', group: 'km3net_user', vo: 'km3net', properties: [DiracProperty.NormalUser, DiracProperty.JobSharing] };

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function refusal(promise: Promise<unknown>, code: AuthErrorCode): Promise<AuthException> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(AuthException);
  expect((error as AuthException).code).toBe(code);
  return error as AuthException;
}

describe(TokenService.name, () => {
  let revocations: InMemoryTokenRevocationStore;
  let sut: TokenService;

  beforeEach(() => {
    revocations = new InMemoryTokenRevocationStore();
    sut = new TokenService({ secret: SECRET, revocations, newTokenId: () => 'jti-1' });
  });

  /** A token signed with our own secret but with claims we choose, as a leaked-secret attacker could. */
  function signed(claims: Record<string, unknown>, secret: Uint8Array = SECRET): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  }

  const validClaims = {
    sub: 'alice',
    vo: 'km3net',
    dirac_group: 'km3net_user',
    dirac_properties: ['NormalUser'],
    jti: 'j',
    iss: 'majorana',
    iat: NOW / 1000,
    exp: NOW / 1000 + 60,
  };

  describe('issue', () => {
    it("carries DiracX's claims and lasts seven days by default", async () => {
      const issued = await sut.issue({ ...ALICE, now: NOW });
      expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(decodeJwt(issued.token)).toEqual({
        sub: 'alice',
        vo: 'km3net',
        dirac_group: 'km3net_user',
        dirac_properties: ['NormalUser', 'JobSharing'],
        jti: 'jti-1',
        iss: 'majorana',
        iat: NOW / 1000,
        exp: NOW / 1000 + 604800,
      });
      expect(DEFAULT_TOKEN_LIFETIME_SECONDS).toBe(604800);
      expect(issued).toMatchObject({ jti: 'jti-1', expiresAt: new Date('2025-12-02T12:00:00.000Z') });
    });

    it('gives every token a different random jti by default', async () => {
      const random = new TokenService({ secret: SECRET, revocations });
      const [a, b] = await Promise.all([random.issue({ ...ALICE, now: NOW }), random.issue({ ...ALICE, now: NOW })]);
      expect(a.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.jti).not.toBe(b.jti);
    });

    it('honours an explicit lifetime and rounds the issue time down to the second', async () => {
      const issued = await sut.issue({ ...ALICE, lifetimeSeconds: 3600, now: NOW + 999 });
      expect(issued.expiresAt).toEqual(new Date(NOW + 3600_000));
    });

    it.each([0, -5, 1.5, Number.NaN])('refuses a lifetime of %p seconds', async (lifetimeSeconds) => {
      expect(await caught(sut.issue({ ...ALICE, lifetimeSeconds, now: NOW }))).toBeInstanceOf(RangeError);
    });

    it('refuses to issue a token with an unknown property', async () => {
      const properties = ['Jobadmin'] as unknown as DiracProperty[];
      expect(await caught(sut.issue({ ...ALICE, properties, now: NOW }))).toBeInstanceOf(TypeError);
    });
  });

  describe('verify', () => {
    it('returns the principal the token was issued for', async () => {
      const { token } = await sut.issue({ ...ALICE, now: NOW });
      const principal = await sut.verify(token, NOW + 1000);
      expect(principal).toEqual({
        user: 'alice',
        group: 'km3net_user',
        vo: 'km3net',
        properties: new Set([DiracProperty.NormalUser, DiracProperty.JobSharing]),
        jti: 'jti-1',
        expiresAt: new Date('2025-12-02T12:00:00.000Z'),
      });
      expect(revocations.asked).toEqual(['jti-1']);
    });

    it.each([undefined, ''])('refuses a missing token (%p)', async (token) => {
      await refusal(sut.verify(token, NOW), AuthErrorCode.MissingToken);
    });

    it('accepts a token until the second before it expires, and says when it expired after', async () => {
      const { token } = await sut.issue({ ...ALICE, lifetimeSeconds: 60, now: NOW });
      await expect(sut.verify(token, NOW + 59_999)).resolves.toMatchObject({ user: 'alice' });
      const error = await refusal(sut.verify(token, NOW + 60_000), AuthErrorCode.Expired);
      expect(error.message).toBe('the token expired at 2025-11-25T12:01:00.000Z: ask for a new one with `majorana admin user token alice`');
    });

    it('refuses a revoked token', async () => {
      const { token, jti } = await sut.issue({ ...ALICE, now: NOW });
      revocations.revoked.add(jti);
      const error = await refusal(sut.verify(token, NOW), AuthErrorCode.Revoked);
      expect(error.message).toBe(
        'token jti-1 of alice was revoked: ask an administrator for a new one (`majorana admin user token alice`)',
      );
    });

    it('refuses a token revoked after it was accepted (the signature is not checked twice, revocation is)', async () => {
      const { token, jti } = await sut.issue({ ...ALICE, now: NOW });
      await expect(sut.verify(token, NOW)).resolves.toMatchObject({ user: 'alice' });
      revocations.revoked.add(jti);
      await refusal(sut.verify(token, NOW + 1), AuthErrorCode.Revoked);
    });

    it('still refuses a forged token that differs by one character from one it accepted', async () => {
      const { token } = await sut.issue({ ...ALICE, now: NOW });
      await sut.verify(token, NOW);
      // A character inside the signature: the last one also holds padding bits a decoder may ignore.
      const at = token.length - 5;
      const forged = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      await refusal(sut.verify(forged, NOW), AuthErrorCode.BadSignature);
    });

    it('refuses a token signed with another secret', async () => {
      const other = new TokenService({ secret: randomBytes(32), revocations });
      const { token } = await other.issue({ ...ALICE, now: NOW });
      await refusal(sut.verify(token, NOW), AuthErrorCode.BadSignature);
    });

    it('refuses a token whose claims were changed after signing', async () => {
      const { token } = await sut.issue({ ...ALICE, now: NOW });
      const [header, payload, signature] = token.split('.');
      const claims = { ...decodeJwt(token), dirac_properties: ['NormalUser', 'JobAdministrator'] };
      expect(base64url(claims)).not.toBe(payload);
      await refusal(sut.verify(`${header}.${base64url(claims)}.${signature}`, NOW), AuthErrorCode.BadSignature);
    });

    it('refuses a token whose signature was changed', async () => {
      const { token } = await sut.issue({ ...ALICE, now: NOW });
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      await refusal(sut.verify(`${token.slice(0, -2)}${last}${token.at(-1)}`, NOW), AuthErrorCode.BadSignature);
    });

    it('refuses an unsigned token (alg none)', async () => {
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims)}.`;
      await refusal(sut.verify(token, NOW), AuthErrorCode.BadSignature);
    });

    it('refuses a token signed with our secret under another algorithm', async () => {
      const token = await new SignJWT(validClaims).setProtectedHeader({ alg: 'HS512' }).sign(SECRET);
      await refusal(sut.verify(token, NOW), AuthErrorCode.BadSignature);
    });

    it.each(['garbage', 'a.b.c', 'a.b', 'Bearer x.y.z', `${base64url({ typ: 'JWT' })}.${base64url(validClaims)}.c2ln`])(
      'refuses %p as malformed',
      async (token) => {
        await refusal(sut.verify(token, NOW), AuthErrorCode.MalformedToken);
      },
    );

    it('refuses a signed token whose payload is not JSON', async () => {
      const token = await new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
      await refusal(sut.verify(token, NOW), AuthErrorCode.MalformedToken);
    });

    it('checks the signature before reading the payload', async () => {
      await refusal(sut.verify(`${base64url({ alg: 'HS256' })}.bm90IGpzb24.c2ln`, NOW), AuthErrorCode.BadSignature);
    });

    it.each([
      ['not a list', 'NormalUser'],
      ['an unknown property', ['NormalUser', 'Jobadmin']],
      ['a non-string', [1]],
    ])('refuses a signed token whose dirac_properties is %s', async (_case, dirac_properties) => {
      const error = await refusal(sut.verify(await signed({ ...validClaims, dirac_properties }), NOW), AuthErrorCode.MalformedToken);
      expect(error.message).toContain(`dirac_properties must be a list of known properties, got ${JSON.stringify(dirac_properties)}`);
    });

    it.each(['sub', 'vo', 'dirac_group', 'jti', 'exp', 'dirac_properties'])('refuses a signed token without %s', async (claim) => {
      const claims: Record<string, unknown> = { ...validClaims };
      delete claims[claim];
      await refusal(sut.verify(await signed(claims), NOW), AuthErrorCode.MalformedToken);
    });

    it('refuses a signed token from another issuer', async () => {
      await refusal(sut.verify(await signed({ ...validClaims, iss: 'diracx' }), NOW), AuthErrorCode.MalformedToken);
    });

    it('does not ask the revocation store about a token it refuses anyway', async () => {
      await refusal(sut.verify(await signed(validClaims, randomBytes(32)), NOW), AuthErrorCode.BadSignature);
      expect(revocations.asked).toEqual([]);
    });
  });

  describe('issueJobToken', () => {
    const JOB = { pilotUser: 'pilot', group: 'km3net_pilot', vo: 'km3net', jobId: 42, attempt: 3 };

    it('carries the job and attempt, no properties, and lasts four days by default', async () => {
      const issued = await sut.issueJobToken({ ...JOB, now: NOW });
      expect(decodeJwt(issued.token)).toEqual({
        sub: 'pilot',
        vo: 'km3net',
        dirac_group: 'km3net_pilot',
        dirac_properties: [],
        majorana_job: 42,
        majorana_attempt: 3,
        jti: 'jti-1',
        iss: 'majorana',
        iat: NOW / 1000,
        exp: NOW / 1000 + DEFAULT_JOB_TOKEN_LIFETIME_SECONDS,
      });
      expect(DEFAULT_JOB_TOKEN_LIFETIME_SECONDS).toBe(4 * 86400);
    });

    it('verifies to a principal scoped to that attempt of that job, with no properties', async () => {
      const { token } = await sut.issueJobToken({ ...JOB, lifetimeSeconds: 600, now: NOW });
      expect(await sut.verify(token, NOW)).toEqual({
        user: 'pilot',
        group: 'km3net_pilot',
        vo: 'km3net',
        properties: new Set(),
        jti: 'jti-1',
        expiresAt: new Date(NOW + 600_000),
        jobScope: { jobId: 42, attempt: 3 },
      });
    });

    it('gives an ordinary token no job scope', async () => {
      const { token } = await sut.issue({ ...ALICE, now: NOW });
      expect(await sut.verify(token, NOW)).not.toHaveProperty('jobScope');
    });

    it.each([
      ['jobId', 0],
      ['attempt', -1],
      ['attempt', 1.5],
    ])('refuses to issue one with %s %p', async (field, value) => {
      expect(await caught(sut.issueJobToken({ ...JOB, [field]: value, now: NOW }))).toBeInstanceOf(RangeError);
    });

    it.each([
      ['only the job', { majorana_job: 42 }],
      ['only the attempt', { majorana_attempt: 1 }],
      ['a job that is not a number', { majorana_job: '42', majorana_attempt: 1 }],
      ['attempt zero', { majorana_job: 42, majorana_attempt: 0 }],
    ])('refuses a signed token with %s', async (_case, scope) => {
      const error = await refusal(
        sut.verify(await signed({ ...validClaims, dirac_properties: [], ...scope }), NOW),
        AuthErrorCode.MalformedToken,
      );
      expect(error.message).toContain('majorana_job and majorana_attempt must both be positive integers');
    });

    it('refuses a signed job token that also carries properties', async () => {
      const claims = { ...validClaims, majorana_job: 42, majorana_attempt: 1 };
      const error = await refusal(sut.verify(await signed(claims), NOW), AuthErrorCode.MalformedToken);
      expect(error.message).toContain('a job token carries no properties');
    });
  });

  it('refuses a secret shorter than 32 bytes', async () => {
    const error = await caught(() => new TokenService({ secret: randomBytes(31), revocations }));
    expect(error).toBeInstanceOf(AuthConfigException);
    expect(error).toMatchObject({
      code: AuthConfigErrorCode.WeakSecret,
      message: 'the token secret has 31 bytes; it must be at least 32 random bytes (crypto.randomBytes(32))',
    });
  });

  it('keeps its own copy of the secret', async () => {
    const secret = Uint8Array.from(SECRET);
    const service = new TokenService({ secret, revocations });
    const { token } = await service.issue({ ...ALICE, now: NOW });
    secret.fill(0);
    await expect(service.verify(token, NOW)).resolves.toMatchObject({ user: 'alice' });
  });
});
