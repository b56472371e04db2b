import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * What the route's `*` matched (Fastify's wildcard parameter), read by hand so that the OpenAPI
 * document names it `path` (as @ApiParam does) rather than `*`.
 */
export const WildcardPath = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const params = context.switchToHttp().getRequest<FastifyRequest>().params as Record<string, string | undefined>;
  return params['*'] ?? '';
});
