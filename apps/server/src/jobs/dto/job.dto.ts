import { ApiProperty } from '@nestjs/swagger';

/** A job as DiracX shows it: one flat object, DiracX's attribute names, times in ISO 8601 (UTC). */
export class JobDto {
  @ApiProperty() JobID!: number;
  @ApiProperty({ example: 'Waiting' }) Status!: string;
  @ApiProperty({ example: 'Pilot Agent Submission' }) MinorStatus!: string;
  @ApiProperty({ example: 'Unknown' }) ApplicationStatus!: string;
  @ApiProperty({ example: 'ANY' }) Site!: string;
  @ApiProperty() Owner!: string;
  @ApiProperty() OwnerGroup!: string;
  @ApiProperty() VO!: string;
  @ApiProperty({ nullable: true, type: String }) JobGroup!: string | null;
  @ApiProperty({ nullable: true, type: String }) JobName!: string | null;
  @ApiProperty({ example: 'User' }) JobType!: string;
  @ApiProperty({ description: 'the user priority, 0–10' }) Priority!: number;
  @ApiProperty({ format: 'date-time' }) SubmissionTime!: string;
  @ApiProperty({ format: 'date-time' }) LastUpdateTime!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) HeartBeatTime!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) StartExecTime!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) EndExecTime!: string | null;
  @ApiProperty() RescheduleCounter!: number;
}

export class JobSearchResultDto {
  @ApiProperty({ type: [JobDto] }) jobs!: JobDto[];
  @ApiProperty({ description: 'every job matching the search, not only this page' }) total!: number;
}

export class LoggingRecordDto {
  @ApiProperty() Status!: string;
  @ApiProperty() MinorStatus!: string;
  @ApiProperty() ApplicationStatus!: string;
  @ApiProperty({ format: 'date-time' }) StatusTime!: string;
  @ApiProperty({ example: 'JobManager' }) Source!: string;
}

export class JobJdlDto {
  @ApiProperty() JobID!: number;
  @ApiProperty({ description: 'the JDL as submitted (original=true) or as Majorana runs it' }) jdl!: string;
}
