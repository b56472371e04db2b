import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@majorana/auth';
import { HealthDto } from './health.dto.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** Answers without a token, for load balancers and `majorana up`'s readiness check. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthDto })
  health(): HealthDto {
    return { status: 'ok', service: 'majorana', version: '0.1.0' };
  }
}
