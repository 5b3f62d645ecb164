import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '@ctxvault/common';
import type { AppConfig } from '@ctxvault/config';
import { Public } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { CONFIG, METRICS } from '../tokens';
import { HttpMetrics } from './http-metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: HttpMetrics,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOkResponse({ description: 'Prometheus metrics; needs "Authorization: Bearer <METRICS_TOKEN>" when METRICS_TOKEN is set' })
  async scrape(@Req() req: ApiRequest): Promise<string> {
    const token = this.config.http.metricsToken;
    if (token) {
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(given), digest(token))) throw new AuthenticationError('metrics need "Authorization: Bearer <METRICS_TOKEN>"');
    }
    return this.metrics.registry.metrics();
  }
}
