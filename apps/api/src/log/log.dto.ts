import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { QueryInt } from '../common/query-transforms';

const whole = (name: string, min: number) => ({ message: `${name} must be a whole number of at least ${min}` });

export class InclusionQuery {
  @ApiProperty({ minimum: 0, description: 'leaf index' })
  @QueryInt()
  @IsInt(whole('index', 0))
  @Min(0, whole('index', 0))
  index: number;

  @ApiProperty({ minimum: 1, description: 'tree size of the checkpoint the proof leads to' })
  @QueryInt()
  @IsInt(whole('size', 1))
  @Min(1, whole('size', 1))
  size: number;
}

export class ConsistencyQuery {
  @ApiProperty({ minimum: 1, description: 'size of the checkpoint you kept' })
  @QueryInt()
  @IsInt(whole('from', 1))
  @Min(1, whole('from', 1))
  from: number;

  @ApiProperty({ minimum: 1, description: 'size of the newer checkpoint' })
  @QueryInt()
  @IsInt(whole('to', 1))
  @Min(1, whole('to', 1))
  to: number;
}

export class TenantSlugParams {
  @ApiProperty({ example: 'acme' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'slug must be a tenant slug (a-z, 0-9, -)' })
  slug: string;
}

export class CheckpointResponse {
  @ApiProperty() size: number;
  @ApiProperty({ description: 'base64 root hash' }) rootHash: string;
  @ApiProperty({ description: 'C2SP signed note' }) note: string;
  @ApiProperty() keyId: string;
  @ApiProperty() createdAt: string;
}

export class ProofResponse {
  @ApiProperty({ type: [String], description: 'base64 hashes, leaf to root' }) hashes: string[];
  @ApiPropertyOptional() index?: number;
  @ApiPropertyOptional() size?: number;
  @ApiPropertyOptional() from?: number;
  @ApiPropertyOptional() to?: number;
}

export class OptionalBoolQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  content?: string;
}
