import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PILOT_STATUSES, type PilotStatus } from '@majorana/db';
import { JobErrorCode, JobException } from '../../jobs/job.exception.js';

/** One pilot, as GET /api/pilots lists it (DIRAC's PilotAgentsDB fields). */
export class PilotDto {
  @ApiProperty() pilotRef!: string;
  @ApiProperty({ enum: PILOT_STATUSES }) status!: PilotStatus;
  @ApiProperty() ce!: string;
  @ApiProperty() site!: string;
  @ApiProperty() pilotVersion!: string;
  @ApiProperty({ description: 'user of the pilot credential' }) subject!: string;
  @ApiProperty({ description: 'true while it holds a WebSocket to some replica' }) connected!: boolean;
  @ApiProperty({ description: 'resources it announced in hello (JSON object)', type: Object }) resources!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) connectedAt!: string | null;
  @ApiProperty() lastContact!: string;
  @ApiProperty({ nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty() endReason!: string;
  @ApiProperty() jobsRun!: number;
}

export class PilotListDto {
  @ApiProperty({ type: [PilotDto] }) pilots!: PilotDto[];
  @ApiProperty({ description: 'pilots matching the status filter, all pages' }) total!: number;
}

export class JobPilotDto extends PilotDto {
  @ApiProperty({ description: 'the attempt of the job this pilot was matched to' }) attempt!: number;
}

export class PilotListQueryDto {
  @ApiPropertyOptional({ description: 'comma-separated statuses, e.g. Running,Disconnected' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  status?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) ce?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) site?: string;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;

  @ApiPropertyOptional({ default: 100, maximum: 10000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) perPage?: number;

  statuses(): PilotStatus[] {
    return (this.status ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map((value) => {
        if (!(PILOT_STATUSES as readonly string[]).includes(value)) {
          throw new JobException(JobErrorCode.InvalidQuery, `"${value}" is not a pilot status; use ${PILOT_STATUSES.join(', ')}`);
        }
        return value as PilotStatus;
      });
  }
}

/** What a job's running attempt last told: usage and the last lines of its stdout. */
export class JobPeekDto {
  @ApiProperty() JobID!: number;
  @ApiProperty() attempt!: number;
  @ApiProperty({ description: 'when the heartbeat arrived' }) time!: string;
  @ApiProperty() cpuTimeS!: number;
  @ApiProperty() wallTimeS!: number;
  @ApiProperty() memoryMiB!: number;
  @ApiProperty({ description: 'the last lines of StdOutput' }) stdoutTail!: string;
}
