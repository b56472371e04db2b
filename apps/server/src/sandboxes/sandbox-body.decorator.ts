import { Readable } from 'node:stream';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingSandbox } from './sandbox-intake.service.js';
import { SandboxApiErrorCode, SandboxApiException } from './sandbox-api.exception.js';

/** The header a client announces the archive's sha256 in (hex); the server checks it once the last byte is in. */
export const SHA256_HEADER = 'x-majorana-sha256';
const SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * The request body as an archive stream (the sandbox content-type parser hands the raw stream over
 * unread), with the size and checksum the client announced. `requireSha256`: refuse a request
 * without X-Majorana-SHA256 (pilots must say what they send).
 */
export const SandboxBody = createParamDecorator((options: { requireSha256?: boolean } | undefined, context: ExecutionContext) =>
  incomingSandbox(context.switchToHttp().getRequest<FastifyRequest>(), options?.requireSha256 ?? false),
);

export function incomingSandbox(request: Pick<FastifyRequest, 'body' | 'headers'>, requireSha256: boolean): IncomingSandbox {
  if (!(request.body instanceof Readable)) {
    throw new SandboxApiException(
      SandboxApiErrorCode.UnsupportedMediaType,
      'send the sandbox (a tar.gz) as the request body, with Content-Type: application/gzip',
    );
  }
  const sha256 = request.headers[SHA256_HEADER];
  if (sha256 !== undefined && (typeof sha256 !== 'string' || !SHA256.test(sha256))) {
    throw new SandboxApiException(SandboxApiErrorCode.InvalidRequest, 'X-Majorana-SHA256 must be one sha256 in hexadecimal (64 digits)');
  }
  if (sha256 === undefined && requireSha256) {
    throw new SandboxApiException(
      SandboxApiErrorCode.InvalidRequest,
      "X-Majorana-SHA256 is required here: send the archive's sha256 so the server can check what it received",
    );
  }
  const length = request.headers['content-length'];
  const declaredBytes = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
  return {
    stream: request.body,
    ...(declaredBytes === undefined ? {} : { declaredBytes }),
    ...(sha256 === undefined ? {} : { expectedSha256: sha256.toLowerCase() }),
  };
}
