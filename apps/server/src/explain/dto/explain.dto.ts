import { ApiProperty } from '@nestjs/swagger';

export class ExplainCheckDto {
  @ApiProperty({ example: 'sites-not-banned' }) name!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: 'what holds, or what to change' }) detail!: string;
}

/** "Why is my job not running?", computed live. */
export class ExplainDto {
  @ApiProperty() JobID!: number;
  @ApiProperty() Status!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'the task queue the job waits in' }) taskQueue!: number | null;
  @ApiProperty({ type: [ExplainCheckDto] }) checks!: ExplainCheckDto[];
}
