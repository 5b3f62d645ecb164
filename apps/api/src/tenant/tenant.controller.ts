import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Tenancy } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { TENANCY } from '../tokens';
import { TenantResponse } from './tenant.response';

class KeySummary {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() role: string;
}
class WhoAmIResponse {
  @ApiProperty({ type: TenantResponse }) tenant: TenantResponse;
  @ApiProperty({ type: KeySummary }) key: KeySummary;
}

@ApiTags('tenant')
@Controller('v1')
export class TenantController {
  constructor(@Inject(TENANCY) private readonly tenancy: Tenancy) {}

  @Get('whoami')
  @Roles('admin', 'agent', 'security', 'ingest')
  @ApiOkResponse({ type: WhoAmIResponse, description: 'the tenant and key the presented API key belongs to' })
  async whoami(@Req() req: ApiRequest): Promise<WhoAmIResponse> {
    const p = req.principal!;
    return { tenant: await this.tenancy.tenants.current(), key: { id: p.keyId, name: p.keyName, role: p.role } };
  }
}
