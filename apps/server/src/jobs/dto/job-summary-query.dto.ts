import { IsOptional, Matches } from 'class-validator';
import type { JobSummaryField } from '@majorana/db';

const FIELDS: Record<string, JobSummaryField> = {
  status: 'status',
  site: 'site',
  owner: 'owner',
  ownergroup: 'ownerGroup',
  group: 'ownerGroup',
};

export class JobSummaryQueryDto {
  /** Comma-separated fields to group the counts by. @default status */
  @IsOptional()
  @Matches(/^(status|site|owner|ownerGroup|group)(,(status|site|owner|ownerGroup|group))*$/i, {
    message: 'groupBy must be a comma-separated list of status, site, owner, ownerGroup',
  })
  groupBy?: string;

  fields(): JobSummaryField[] {
    const names = (this.groupBy ?? 'status').split(',').map((name) => FIELDS[name.toLowerCase()]);
    return [...new Set(names.filter((name): name is JobSummaryField => name !== undefined))];
  }
}
