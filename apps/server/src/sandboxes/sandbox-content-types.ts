import type { FastifyInstance } from 'fastify';

/** The media types a sandbox may be sent with (curl's --data-binary defaults to none of them: say one). */
export const SANDBOX_CONTENT_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'] as const;

/**
 * Lets Fastify hand a sandbox body over as the raw stream, unread: the sandbox routes count, hash and
 * check it while it streams, against MAJORANA_MAX_SANDBOX_BYTES. Fastify's bodyLimit
 * (MAJORANA_MAX_BODY_BYTES) applies only to the bodies it reads itself (JSON), so it cuts no sandbox.
 */
export function registerSandboxContentTypes(fastify: FastifyInstance): void {
  fastify.addContentTypeParser([...SANDBOX_CONTENT_TYPES], (_request, payload, done) => {
    done(null, payload);
  });
}
