import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MinLength } from 'class-validator';
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
    return this.s.search.search({ query: dto.query, limit: dto.limit });
  }
}
