import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsInt, IsOptional, IsString, MinLength } from 'class-validator';
import { SEARCH_SOURCE_KINDS } from '@ctxvault/retrieval';
import type { Services } from '@ctxvault/services';
import { Roles } from '../auth/access.decorators';
import { SERVICES } from '../tokens';

class SearchDto {
  @ApiProperty({ example: 'how do we fail over the payments API?', description: 'at most SEARCH_MAX_QUERY_CHARS characters (default 2000)' })
  @IsString()
  @MinLength(1)
  query: string;

  @ApiPropertyOptional({ minimum: 1, description: 'results wanted: 1 to SEARCH_MAX_RESULTS (default 50); SEARCH_DEFAULT_RESULTS when absent (default 8)' })
  @IsOptional()
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;

  @ApiPropertyOptional({ type: [String], enum: SEARCH_SOURCE_KINDS, description: 'only documents from these source kinds' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SEARCH_SOURCE_KINDS.length)
  @IsString({ each: true })
  sourceKinds?: string[];

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'only documents whose current version was stored at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedSince must be an ISO 8601 date-time' })
  updatedSince?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'only documents whose current version was stored at or before this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedUntil must be an ISO 8601 date-time' })
  updatedUntil?: string;
}

@ApiTags('context')
@Controller('v1/context')
export class ContextController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Post('search')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ description: 'the most relevant chunks of this tenant (hybrid: vector + full text), one per document, with their document, score and flags; withheld results counted with their flag codes' })
  search(@Body() dto: SearchDto) {
    const date = (v?: string) => (v === undefined ? undefined : new Date(v));
    return this.s.search.search({
      query: dto.query,
      limit: dto.limit,
      filter: { sourceKinds: dto.sourceKinds, updatedSince: date(dto.updatedSince), updatedUntil: date(dto.updatedUntil) },
    });
  }
}
