import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** What a pilot says about the slot it holds: the job it gets must fit here. */
export class MatchRequestDto {
  @ApiProperty({ example: 'LCG.CPPM.fr' })
  @IsString()
  @Matches(/^\S+$/, { message: 'site must be a site name without spaces' })
  @MaxLength(128)
  site!: string;

  @ApiPropertyOptional({ example: 'ce01.cppm.in2p3.fr' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  ce?: string;

  @ApiPropertyOptional({ type: [String], example: ['x86_64-el9'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  platforms?: string[];

  @ApiProperty({ description: 'CPU work the slot can still give, HS06·s', example: 86400 })
  @IsInt()
  @Min(0)
  cpuTimeLeft!: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  processors?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  wholeNode?: boolean;

  @ApiPropertyOptional({ description: 'memory of the slot, MB' })
  @IsOptional()
  @IsInt()
  @Min(1)
  ramMB?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], description: 'tags a job must have to run here' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  requiredTags?: string[];

  @ApiPropertyOptional({ description: "the resource's own ClassAd (e.g. with Requirements), JDL syntax" })
  @IsOptional()
  @IsString()
  @MaxLength(64 * 1024)
  classAd?: string;
}

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
