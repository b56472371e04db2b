import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every API error (DESIGN.md): the CLI prints `message` in one line and exits non-zero. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    example: 'JDL_INVALID_VALUE',
    description:
      'what went wrong, stable and machine-readable: UPPER_SNAKE, prefixed by the module that refused (JOB_NOT_FOUND, JDL_SYNTAX, AUTH_EXPIRED, SANDBOX_TOO_LARGE, …)',
  })
  code!: string;

  @ApiProperty({ example: 'job.jdl:4:13: CPUTime must be an integer between 100 and 500000, got "two hours"' })
  message!: string;

  @ApiPropertyOptional({ description: 'structured information, e.g. the JDL error with code, file, line and column' })
  details?: unknown;
}
