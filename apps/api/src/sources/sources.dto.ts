import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { TRUST_TIERS } from '@ctxvault/ingestion';
import { PageLimit } from '../common/query-transforms';

const KINDS = ['git', 'slack', 'notion', 'sentry'];

export class CreateSourceDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS, { message: `kind must be one of: ${KINDS.join(', ')}` })
  kind: string;

  @ApiProperty({ example: 'platform-repo' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ description: 'connector settings, e.g. for git {"url"|"path", "branches", "include", "exclude", "trustedKeys"}', type: Object })
  @IsOptional()
  @IsObject({ message: 'config must be a JSON object' })
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'secrets for the source (sealed at rest, never returned)', type: Object })
  @IsOptional()
  @IsObject({ message: 'credentials must be a JSON object' })
  credentials?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'sync every N seconds (10 to 2592000); null or absent: manual only', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'scheduleSeconds must be a whole number or null' })
  @Min(10)
  @Max(2_592_000)
  scheduleSeconds?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: TRUST_TIERS, description: 'default: standard (sentry: untrusted)' })
  @IsOptional()
  @IsIn(TRUST_TIERS as unknown as string[], { message: `trustTier must be one of: ${TRUST_TIERS.join(', ')}` })
  trustTier?: string;
}

/** Every field of a source but its kind, all optional. */
export class UpdateSourceDto extends PartialType(OmitType(CreateSourceDto, ['kind'] as const)) {}

export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class RunsQuery {
  @PageLimit(200, 20)
  limit?: number;
}
