import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import type { Tenancy } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import { TENANCY } from '../tokens';
import { PageLimit } from '../common/query-transforms';

class AdminAuditQuery {
  @PageLimit(500, 100)
  limit?: number;

  @ApiPropertyOptional({ description: 'only entries before this ISO 8601 time (for paging)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;
}

class AdminAuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: 'key:<id>, cli or platform' }) actor: string;
  @ApiProperty() action: string;
  @ApiProperty() targetType: string;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
}

@ApiTags('audit')
@Controller('v1/admin-audit')
export class AdminAuditController {
  constructor(@Inject(TENANCY) private readonly tenancy: Tenancy) {}

  @Get()
  @Roles('admin', 'security')
  @ApiOkResponse({ type: [AdminAuditEntryResponse], description: 'administrative changes in this tenant, newest first' })
  list(@Query() q: AdminAuditQuery) {
    return this.tenancy.audit.list(q.limit ?? 100, q.before ? new Date(q.before) : undefined);
  }
}
