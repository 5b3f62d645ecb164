import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { HealthService, Readiness } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ description: 'the process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({ description: 'PostgreSQL, Redis and a worker heartbeat all answer' })
  @ApiServiceUnavailableResponse({ description: 'one of the checks failed; the body says which' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const r = await this.health.readiness();
    res.status(r.status === 'ok' ? 200 : 503);
    return r;
  }
}
