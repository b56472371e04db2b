import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import { JobAttemptEntity } from '../entities/job-attempt.entity.js';

/** One match of a job to a pilot; messages about the job must carry the current attempt's fencing token. */
export interface JobAttemptRecord {
  readonly jobId: number;
  readonly attempt: number;
  readonly fencingToken: string;
  readonly matchedAt: number;
  readonly site: string;
  readonly ce: string;
  readonly pilotRef: string | null;
}

export type NewJobAttempt = Omit<JobAttemptRecord, 'pilotRef'> & { readonly pilotRef?: string | null };

/** The attempts of each job (a job matched again after a reschedule gets attempt n + 1). */
export class JobAttemptRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Records an attempt; fails if that attempt number already exists for the job (the match lost a race). */
  async create(attempt: NewJobAttempt): Promise<void> {
    const entity: JobAttemptEntity = {
      ...attempt,
      site: requireFits(attempt.site, 128, 'Site'),
      ce: requireFits(attempt.ce, 255, 'CE'),
      pilotRef: attempt.pilotRef ?? null,
    };
    await this.sql.withManager((manager) =>
      manager.createQueryBuilder().insert().into(JobAttemptEntity).values(entity).updateEntity(false).execute(),
    );
  }

  /** The job's latest attempt, or null if it was never matched. */
  async current(jobId: number): Promise<JobAttemptRecord | null> {
    const found = await this.sql.withManager((manager) =>
      manager.findOne(JobAttemptEntity, { where: { jobId }, order: { attempt: 'DESC' } }),
    );
    return found === null ? null : toRecord(found);
  }

  /** Every attempt of the job, first one first. */
  async list(jobId: number): Promise<JobAttemptRecord[]> {
    const found = await this.sql.withManager((manager) => manager.find(JobAttemptEntity, { where: { jobId }, order: { attempt: 'ASC' } }));
    return found.map(toRecord);
  }

  /** Notes which pilot runs the attempt, once it says hello. */
  async setPilotRef(jobId: number, attempt: number, pilotRef: string): Promise<boolean> {
    const result = await this.sql.withManager((manager) =>
      manager.update(JobAttemptEntity, { jobId, attempt }, { pilotRef: requireFits(pilotRef, 255, 'PilotRef') }),
    );
    return (result.affected ?? 0) > 0;
  }
}

function toRecord(entity: JobAttemptEntity): JobAttemptRecord {
  return {
    jobId: entity.jobId,
    attempt: entity.attempt,
    fencingToken: entity.fencingToken,
    matchedAt: entity.matchedAt,
    site: entity.site,
    ce: entity.ce,
    pilotRef: entity.pilotRef,
  };
}
