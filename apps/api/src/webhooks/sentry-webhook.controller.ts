import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Services } from '@ctxvault/services';
import { Public } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { IdParams } from '../sources/sources.dto';
import { SERVICES } from '../tokens';

@ApiTags('webhooks')
@Controller('webhooks/sentry')
export class SentryWebhookController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Post(':id')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: 'Sentry integration webhook of source {id} (resource issue)' })
  @ApiUnauthorizedResponse({ description: 'missing or wrong sentry-hook-signature, or a timestamp outside the 5-minute window' })
  events(@Param() p: IdParams, @Req() req: ApiRequest) {
    return this.s.sentryEvents.handle(p.id, req.headers, req.rawBody);
  }
}
