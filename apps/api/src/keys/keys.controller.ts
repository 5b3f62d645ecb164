import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf } from '@ctxvault/tenancy';
import type { Tenancy } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { TENANCY } from '../tokens';
import { ApiKeyResponse, CreatedKeyResponse, CreateKeyDto, KeyIdParams, ListKeysQuery } from './keys.dto';

@ApiTags('api keys')
@Controller('v1/keys')
export class KeysController {
  constructor(@Inject(TENANCY) private readonly tenancy: Tenancy) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedKeyResponse })
  create(@Body() dto: CreateKeyDto, @Req() req: ApiRequest) {
    return this.tenancy.keys.create(
      { role: dto.role, name: dto.name, expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null },
      actorOf(req.principal!),
      req.requestId,
    );
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(@Query() q: ListKeysQuery) {
    return this.tenancy.keys.list({ includeRevoked: q.includeRevoked ?? false, limit: q.limit ?? 50, offset: q.offset ?? 0 });
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ApiKeyResponse })
  get(@Param() p: KeyIdParams) {
    return this.tenancy.keys.get(p.id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: ApiKeyResponse })
  revoke(@Param() p: KeyIdParams, @Req() req: ApiRequest) {
    return this.tenancy.keys.revoke(p.id, actorOf(req.principal!), req.requestId);
  }
}
