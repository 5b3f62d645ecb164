import { ApiProperty } from '@nestjs/swagger';

export class TenantResponse {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
}
