import { type ExecutionContext } from '@nestjs/common';
import { type Principal } from '../principal/principal.js';

/**
 * The Principal of each request (or authenticated WebSocket client), kept beside the object rather
 * than on it: Fastify's request is not ours to reshape, and a WeakMap entry goes with its request.
 */
const principals = new WeakMap<object, Principal>();

export function attachPrincipal(carrier: object, principal: Principal): void {
  principals.set(carrier, principal);
}

export function principalOf(carrier: object): Principal | undefined {
  return principals.get(carrier);
}

/**
 * What carries the Principal in a context: the HTTP request, or the WebSocket client that the gateway
 * authenticated when it connected (headers do not travel with each message). Undefined for other
 * transports, which Majorana does not serve.
 */
export function principalCarrier(context: ExecutionContext): object | undefined {
  switch (context.getType<string>()) {
    case 'http':
      return context.switchToHttp().getRequest<object>();
    case 'ws':
      return context.switchToWs().getClient<object>();
    default:
      return undefined;
  }
}
