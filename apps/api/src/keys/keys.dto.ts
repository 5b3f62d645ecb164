import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { API_KEY_ROLES } from '@ctxvault/persistence';
import { PageLimit, QueryBool, QueryInt } from '../common/query-transforms';


export class CreateKeyDto {
  @ApiProperty({ enum: API_KEY_ROLES })
  @IsIn(API_KEY_ROLES as unknown as string[], { message: `role must be one of: ${API_KEY_ROLES.join(', ')}` })
  role: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time after which the key stops working', example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z' })
  expiresAt?: string;
}

export class ListKeysQuery {
  @ApiPropertyOptional({ description: 'include revoked keys', default: false })
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: 'includeRevoked must be true or false' })
  includeRevoked?: boolean;

  @PageLimit(200, 50)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class KeyIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ApiKeyResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: API_KEY_ROLES }) role: string;
  @ApiProperty({ description: 'the public part of the key, e.g. cv_ab12cd34ef56_' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedBy: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status: string;
}

export class CreatedKeyResponse {
  @ApiProperty({ description: 'the API key in clear; shown only in this response' }) key: string;
  @ApiProperty({ type: ApiKeyResponse }) apiKey: ApiKeyResponse;
}
