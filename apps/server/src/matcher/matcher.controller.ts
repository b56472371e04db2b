import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { DiracProperty, RequireProperties } from '@majorana/auth';
import { parseJdl } from '@majorana/jdl';
import type { ResourceDescription } from '@majorana/domain';
import { SchemaBodyPipe } from '../common/schema-body.pipe.js';
import { MatchResponseDto } from './dto/match-request.dto.js';
import { MatchRequestSchema, type MatchRequest } from './dto/match-request.schema.js';
import { MatcherService } from './matcher.service.js';

/** For pilots (the Pilot property): "here is my slot, give me a job". */
@ApiTags('matcher')
@ApiBearerAuth()
@RequireProperties(DiracProperty.Pilot)
@Controller('matcher')
export class MatcherController {
  constructor(private readonly matcher: MatcherService) {}

  @Post('match')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ schema: MatchRequestSchema as SchemaObject })
  @ApiOkResponse({ type: MatchResponseDto })
  async match(@Body(new SchemaBodyPipe(MatchRequestSchema)) body: MatchRequest): Promise<MatchResponseDto> {
    return { job: await this.matcher.match(toResource(body)) };
  }
}

function toResource(body: MatchRequest): ResourceDescription {
  return {
    site: body.site,
    ...(body.ce === undefined ? {} : { ce: body.ce }),
    platforms: body.platforms ?? [],
    cpuTimeLeft: body.cpuTimeLeft,
    processors: body.processors ?? 1,
    wholeNode: body.wholeNode ?? false,
    ramMB: body.ramMB ?? null,
    tags: body.tags ?? [],
    requiredTags: body.requiredTags ?? [],
    // A bad ClassAd is a JdlError: 400 with its line and column.
    ...(body.classAd === undefined ? {} : { classAd: parseJdl(body.classAd, { fileName: 'classAd' }).ad }),
  };
}
