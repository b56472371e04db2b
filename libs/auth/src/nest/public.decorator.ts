import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'majorana:auth:public';

/**
 * Lets a route (or every route of a controller) through without credentials: health checks, the
 * server's version. Everything else needs a Principal — there are no anonymous calls otherwise.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
