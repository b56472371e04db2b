import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every API error (DESIGN.md): the CLI prints `message` in one line and exits non-zero. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'job.jdl:4:13: CPUTime must be an integer between 100 and 500000, got "two hours"' })
  message!: string;

  @ApiPropertyOptional({ description: 'structured information, e.g. the JDL error with code, file, line and column' })
  details?: unknown;
}
