import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Services } from '@ctxvault/services';
import { Public } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { IdParams } from '../sources/sources.dto';
import { SERVICES } from '../tokens';

@ApiTags('webhooks')
@Controller('webhooks/slack/events')
export class SlackWebhookController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Post(':id')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ description: "Slack Events API request URL of source {id}: url_verification, message, message_changed, message_deleted" })
  @ApiUnauthorizedResponse({ description: 'missing or wrong X-Slack-Signature, or a timestamp outside the 5-minute window' })
  events(@Param() p: IdParams, @Req() req: ApiRequest) {
    return this.s.slackEvents.handle(p.id, req.headers, req.rawBody);
  }
}
