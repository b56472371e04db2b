import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_SEARCH_OPERATORS, JOB_SEARCH_PARAMETERS, type JobSearchOperator, type JobSearchParameter } from '@majorana/db';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
  Validate,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';

/** What a search may filter and sort on, and how: the repository's whitelist, so the two never drift apart. */
export const SEARCH_PARAMETERS = JOB_SEARCH_PARAMETERS;
export type SearchParameter = JobSearchParameter;
export const SEARCH_OPERATORS = JOB_SEARCH_OPERATORS;
export type SearchOperator = JobSearchOperator;

@ValidatorConstraint({ name: 'scalar' })
class IsScalar implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const ok = (item: unknown): boolean => typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item));
    return Array.isArray(value) ? value.every(ok) : ok(value);
  }

  defaultMessage(): string {
    return '$property must be a string or a number (or a list of them for values)';
  }
}

/** One condition, DiracX's shape: `{"parameter": "Status", "operator": "eq", "value": "Done"}`. */
export class SearchConditionDto {
  @ApiProperty({ enum: SEARCH_PARAMETERS })
  @IsIn(SEARCH_PARAMETERS, { message: `parameter must be one of ${SEARCH_PARAMETERS.join(', ')}` })
  parameter!: SearchParameter;

  @ApiProperty({ enum: SEARCH_OPERATORS })
  @IsIn(SEARCH_OPERATORS, { message: `operator must be one of ${SEARCH_OPERATORS.join(', ')}` })
  operator!: SearchOperator;

  @ApiPropertyOptional({ description: 'for eq, neq, lt, gt, like (dates as ISO 8601)', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsOptional()
  @Validate(IsScalar)
  value?: string | number;

  @ApiPropertyOptional({ description: 'for in, not in', type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  @IsOptional()
  @IsArray()
  @Validate(IsScalar)
  values?: (string | number)[];
}

export class SortDto {
  @ApiProperty({ enum: SEARCH_PARAMETERS })
  @IsIn(SEARCH_PARAMETERS, { message: `sort parameter must be one of ${SEARCH_PARAMETERS.join(', ')}` })
  parameter!: SearchParameter;

  @ApiProperty({ enum: ['asc', 'desc'] })
  @IsIn(['asc', 'desc'])
  direction!: 'asc' | 'desc';
}

export class SearchJobsDto {
  @ApiPropertyOptional({ type: [SearchConditionDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SearchConditionDto)
  search?: SearchConditionDto[];

  @ApiPropertyOptional({ type: [SortDto], description: 'default: JobID descending' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SortDto)
  sort?: SortDto[];

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  perPage?: number;
}
