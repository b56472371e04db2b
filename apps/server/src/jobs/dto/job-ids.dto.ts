import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Min } from 'class-validator';

export class JobIdsDto {
  @ApiProperty({ type: [Number], example: [1041, 1042] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  jobIds!: number[];
}

export type JobActionOutcome = 'done' | 'not allowed' | 'not found' | 'wrong state';

export class JobActionResultDto {
  @ApiProperty() JobID!: number;
  @ApiProperty({ enum: ['done', 'not allowed', 'not found', 'wrong state'] }) result!: JobActionOutcome;
  @ApiProperty({ description: 'why, in a sentence (empty when done)' }) reason!: string;
}

export class JobActionResponseDto {
  @ApiProperty({ type: [JobActionResultDto] }) results!: JobActionResultDto[];
}
