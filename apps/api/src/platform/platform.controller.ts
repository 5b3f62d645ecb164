import { Body, Controller, Get, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Tenancy } from '@ctxvault/tenancy';
import { PlatformAdmin } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { TENANCY } from '../tokens';
import { TenantResponse } from '../tenant/tenant.response';
import { PageLimit } from '../common/query-transforms';

class CreateTenantDto {
  @ApiProperty({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', example: 'acme' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'slug must be 2-63 characters of a-z, 0-9 and -, starting with a letter or digit' })
  slug: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

class ListTenantsQuery {
  @PageLimit(500, 100)
  limit?: number;

  @ApiPropertyOptional({ description: 'list slugs after this one (paging)' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  after?: string;
}

class CreatedTenantResponse {
  @ApiProperty({ type: TenantResponse }) tenant: TenantResponse;
  @ApiProperty({ description: "the tenant's first admin API key, in clear; shown only here" }) adminKey: string;
}

@ApiTags('platform')
@Controller('v1/platform/tenants')
export class PlatformController {
  constructor(@Inject(TENANCY) private readonly tenancy: Tenancy) {}

  @Post()
  @PlatformAdmin()
  @ApiCreatedResponse({ type: CreatedTenantResponse })
  async create(@Body() dto: CreateTenantDto, @Req() req: ApiRequest): Promise<CreatedTenantResponse> {
    const { tenant, adminKey } = await this.tenancy.tenants.create(dto.slug, dto.name, 'platform', req.requestId);
    return { tenant, adminKey };
  }

  @Get()
  @PlatformAdmin()
  @ApiOkResponse({ type: [TenantResponse] })
  list(@Query() q: ListTenantsQuery) {
    return this.tenancy.tenants.list(q.limit ?? 100, q.after);
  }
}
