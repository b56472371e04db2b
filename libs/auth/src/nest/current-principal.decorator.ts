import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Principal } from '../principal/principal.js';
import { principalCarrier, principalOf } from './request-principal.js';

/** The Principal the AuthGuard established; a route without one (`@Public`) is a programming error. */
export function principalFromContext(context: ExecutionContext): Principal {
  const carrier = principalCarrier(context);
  const principal = carrier === undefined ? undefined : principalOf(carrier);
  if (principal === undefined) {
    throw new Error('@CurrentPrincipal() is used where no Principal was established: is the route @Public(), or AuthModule not imported?');
  }
  return principal;
}

/** Injects the caller's Principal into a handler parameter: `list(@CurrentPrincipal() me: Principal)`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => principalFromContext(context));
