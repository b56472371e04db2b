import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

/** One JDL (plain or parametric) or several at once (bulk); exactly one of the two. */
export class SubmitJobsDto {
  @ApiPropertyOptional({ description: 'one JDL; a parametric JDL makes several jobs', example: 'Executable = "run.sh"; CPUTime = 3600;' })
  @IsOptional()
  @IsString()
  @MaxLength(1024 * 1024)
  jdl?: string;

  @ApiPropertyOptional({ description: 'several JDLs, stored together: all or none', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @MaxLength(1024 * 1024, { each: true })
  jdls?: string[];
}

export class SubmitJobsResponseDto {
  @ApiProperty({ type: [Number], example: [1041, 1042] })
  jobIds!: number[];

  @ApiProperty({ type: [String], description: 'things accepted but not acted on yet (e.g. InputData before the data layer exists)' })
  warnings!: string[];
}
