import { describe, expect, it } from '@jest/globals';
import { AuthConfigErrorCode, AuthConfigException, AuthErrorCode, AuthException } from '@majorana/auth';
import { SandboxException } from '@majorana/sandbox';
import { JobErrorCode, JobException } from '../jobs/job.exception.js';
import { apiErrorCode, apiErrorCodeOfStatus } from './api-error-code.js';

describe(apiErrorCode.name, () => {
  it('keeps the codes that are already prefixed UPPER_SNAKE', () => {
    expect(apiErrorCode(new JobException(JobErrorCode.NotFound, 'no job 7'))).toBe('JOB_NOT_FOUND');
  });

  it("spells the auth library's and the sandbox library's codes the API's way, with their module", () => {
    expect(apiErrorCode(new AuthException(AuthErrorCode.MissingToken, 'no token'))).toBe('AUTH_MISSING_TOKEN');
    expect(apiErrorCode(new AuthException(AuthErrorCode.Expired, 'expired'))).toBe('AUTH_EXPIRED');
    expect(apiErrorCode(new AuthConfigException(AuthConfigErrorCode.UnknownGroup, 'no such group'))).toBe('AUTH_CONFIG_UNKNOWN_GROUP');
    expect(apiErrorCode(new SandboxException('unsafe-path', 'absolute'))).toBe('SANDBOX_ARCHIVE_UNSAFE_PATH');
    expect(apiErrorCode(new SandboxException('too-large', 'a zip bomb'))).toBe('SANDBOX_ARCHIVE_TOO_LARGE');
  });
});

describe(apiErrorCodeOfStatus.name, () => {
  it('names the statuses Nest and Fastify answer by themselves, and any other by its number', () => {
    expect(apiErrorCodeOfStatus(400)).toBe('INVALID_REQUEST');
    expect(apiErrorCodeOfStatus(404)).toBe('NOT_FOUND');
    expect(apiErrorCodeOfStatus(413)).toBe('BODY_TOO_LARGE');
    expect(apiErrorCodeOfStatus(500)).toBe('INTERNAL_ERROR');
    expect(apiErrorCodeOfStatus(418)).toBe('HTTP_418');
  });
});
