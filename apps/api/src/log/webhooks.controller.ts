import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Provenance } from '@ctxvault/provenance';
import { actorOf } from '@ctxvault/tenancy';
import type { Tenancy } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { QueryBool } from '../common/query-transforms';
import { PROVENANCE, TENANCY } from '../tokens';

class CreateWebhookDto {
  @ApiProperty({ example: 'https://witness.example.com/ctxvault/checkpoints' })
  @IsString()
  @MaxLength(2048)
  url: string;
}

class ListWebhooksQuery {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: 'includeDisabled must be true or false' })
  includeDisabled?: boolean;
}

class WebhookIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

@ApiTags('transparency log')
@Controller('v1/log/webhooks')
export class WebhooksController {
  constructor(
    @Inject(PROVENANCE) private readonly provenance: Provenance,
    @Inject(TENANCY) private readonly tenancy: Tenancy,
  ) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ description: 'registers a URL that receives every new signed checkpoint (POST, text/plain)' })
  async create(@Body() dto: CreateWebhookDto, @Req() req: ApiRequest) {
    const hook = await this.provenance.webhooks.register(dto.url, actorOf(req.principal!));
    await this.tenancy.audit.record({ actor: actorOf(req.principal!), action: 'checkpoint_webhook.create', targetType: 'checkpoint_webhook', targetId: hook.id, details: { url: hook.url }, requestId: req.requestId });
    return hook;
  }

  @Get()
  @Roles('admin', 'security')
  @ApiOkResponse({ description: 'checkpoint webhooks with their delivery state' })
  list(@Query() q: ListWebhooksQuery) {
    return this.provenance.webhooks.list(q.includeDisabled ?? false);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'stops deliveries to this webhook' })
  async disable(@Param() p: WebhookIdParams, @Req() req: ApiRequest) {
    const hook = await this.provenance.webhooks.disable(p.id);
    await this.tenancy.audit.record({ actor: actorOf(req.principal!), action: 'checkpoint_webhook.disable', targetType: 'checkpoint_webhook', targetId: p.id, requestId: req.requestId });
    return hook;
  }
}
