import { ApiProperty } from '@nestjs/swagger';

export class MatchedJobDto {
  @ApiProperty() JobID!: number;
  @ApiProperty({ description: 'attempt n of this job; every later message about it carries n and the token' }) attempt!: number;
  @ApiProperty({ description: 'secret of this attempt: messages from older attempts are refused' }) fencingToken!: string;
  @ApiProperty() Owner!: string;
  @ApiProperty() OwnerGroup!: string;
  @ApiProperty({ description: 'the JDL to run' }) jdl!: string;
}

export class MatchResponseDto {
  @ApiProperty({ type: MatchedJobDto, nullable: true, description: 'null when no waiting job fits the slot' })
  job!: MatchedJobDto | null;
}
