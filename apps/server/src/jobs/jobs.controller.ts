import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiQuery, ApiTags, ApiBadRequestResponse } from '@nestjs/swagger';
import { CurrentPrincipal, DiracProperty, RequireProperties, type Principal } from '@majorana/auth';
import { ApiErrorDto } from '../common/api-error.dto.js';
import { JobActionResponseDto, JobIdsDto } from './dto/job-ids.dto.js';
import { JobDto, JobJdlDto, JobSearchResultDto, LoggingRecordDto } from './dto/job.dto.js';
import { SearchJobsDto } from './dto/search-jobs.dto.js';
import { SubmitJobsDto, SubmitJobsResponseDto } from './dto/submit-jobs.dto.js';
import { JobSummaryQueryDto } from './dto/job-summary-query.dto.js';
import { ExplainDto } from '../explain/dto/explain.dto.js';
import { ExplainService } from '../explain/explain.service.js';
import { JobActionsService } from './job-actions.service.js';
import { JobQueryService } from './job-query.service.js';
import { JobSubmissionService } from './job-submission.service.js';
import { JobErrorCode, JobException } from './job.exception.js';

/** Thin edge: validate, call one service method, return DTOs. */
@ApiTags('jobs')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ApiErrorDto })
@RequireProperties(DiracProperty.NormalUser, DiracProperty.JobAdministrator)
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly submission: JobSubmissionService,
    private readonly query: JobQueryService,
    private readonly actions: JobActionsService,
    private readonly explainer: ExplainService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: SubmitJobsResponseDto })
  async submit(@CurrentPrincipal() principal: Principal, @Body() body: SubmitJobsDto): Promise<SubmitJobsResponseDto> {
    if ((body.jdl === undefined) === (body.jdls === undefined)) {
      throw new JobException(JobErrorCode.InvalidQuery, 'send exactly one of "jdl" (one JDL text) or "jdls" (a list of JDL texts)');
    }
    return this.submission.submit(principal, body.jdl !== undefined ? [body.jdl] : (body.jdls ?? []));
  }

  @Post('search')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: JobSearchResultDto })
  search(@CurrentPrincipal() principal: Principal, @Body() body: SearchJobsDto): Promise<JobSearchResultDto> {
    return this.query.search(principal, body);
  }

  @Get('summary')
  @ApiQuery({ name: 'groupBy', required: false, description: 'comma-separated: status, site, owner, ownerGroup (default: status)' })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: JobSummaryQueryDto): Promise<Record<string, string | number>[]> {
    return this.query.summary(principal, query.fields());
  }

  @Post('kill')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: JobActionResponseDto })
  async kill(@CurrentPrincipal() principal: Principal, @Body() body: JobIdsDto): Promise<JobActionResponseDto> {
    return { results: await this.actions.apply(principal, 'kill', body.jobIds) };
  }

  @Post('delete')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: JobActionResponseDto })
  async delete(@CurrentPrincipal() principal: Principal, @Body() body: JobIdsDto): Promise<JobActionResponseDto> {
    return { results: await this.actions.apply(principal, 'delete', body.jobIds) };
  }

  @Post('reschedule')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: JobActionResponseDto })
  async reschedule(@CurrentPrincipal() principal: Principal, @Body() body: JobIdsDto): Promise<JobActionResponseDto> {
    return { results: await this.actions.apply(principal, 'reschedule', body.jobIds) };
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<JobDto> {
    return this.query.get(principal, id);
  }

  @Get(':id/jdl')
  @ApiOkResponse({ type: JobJdlDto })
  @ApiQuery({ name: 'original', required: false, type: Boolean })
  jdl(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Query('original') original?: string,
  ): Promise<JobJdlDto> {
    return this.query.jdl(principal, id, original === 'true' || original === '1');
  }

  @Get(':id/logging')
  @ApiOkResponse({ type: [LoggingRecordDto] })
  logging(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<LoggingRecordDto[]> {
    return this.query.logging(principal, id);
  }

  @Get(':id/explain')
  @ApiOkResponse({ type: ExplainDto, description: 'why is this job not running? each check computed now' })
  explain(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ExplainDto> {
    return this.explainer.explain(principal, id);
  }

  @Get(':id/parameters')
  parameters(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<Record<string, string>> {
    return this.query.parameters(principal, id);
  }
}
