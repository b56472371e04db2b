import { SetMetadata } from '@nestjs/common';
import { type DiracProperty } from '../properties/dirac-property.js';

export const REQUIRED_PROPERTIES_KEY = 'majorana:auth:required-properties';

/**
 * The caller must hold at least one of these properties. On a method it replaces (does not add to)
 * the one on its controller, as Nest's `getAllAndOverride` reads it.
 */
export const RequireProperties = (...anyOf: [DiracProperty, ...DiracProperty[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PROPERTIES_KEY, anyOf);
