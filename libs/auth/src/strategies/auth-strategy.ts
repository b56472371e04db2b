import { type Principal } from '../principal/principal.js';

/**
 * What a strategy sees of a request: its headers, with lower-case names as Node (and so Fastify)
 * delivers them. Kept this small so that strategies run outside Nest too (a WebSocket handshake).
 */
export interface AuthRequest {
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * One way of proving who is calling: a bearer token today, X.509 / RFC 3820 proxies later.
 * `authenticate` returns null when the request carries no credential of its kind, so the next
 * strategy may try; it throws an AuthException when it carries one that is wrong, so a bad credential
 * is never silently passed over for a weaker one.
 */
export interface AuthStrategy {
  readonly name: string;
  authenticate(request: AuthRequest): Promise<Principal | null>;
}
