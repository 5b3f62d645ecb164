import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsInt, IsOptional, IsString, IsUUID, MinLength } from 'class-validator';
import { SEARCH_MAX_FILTER_VALUES, SEARCH_SOURCE_KINDS, TRUST_TIERS } from '@ctxvault/retrieval';
import type { Services } from '@ctxvault/services';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { QueryInt } from '../common/query-transforms';
import { SERVICES } from '../tokens';

const StringList = (description: string) => [
  ApiPropertyOptional({ type: [String], description: `${description}; at most ${SEARCH_MAX_FILTER_VALUES} values` }),
  IsOptional(),
  IsArray(),
  ArrayMaxSize(SEARCH_MAX_FILTER_VALUES),
  IsString({ each: true }),
];
const apply = (ds: PropertyDecorator[]): PropertyDecorator => (target, key) => ds.forEach((d) => d(target, key));

export class SearchDto {
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

  @apply(StringList('only documents from these sources (source ids; push:<key id> for pushed documents)'))
  sourceIds?: string[];

  @apply(StringList('only documents of these kinds (file, commit, thread, page, row, issue, document, or a kind given at push)'))
  documentKinds?: string[];

  @apply(StringList('only documents by these authors (author ids as the source reports them)'))
  authors?: string[];

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'only documents last changed at their source (or stored, when the source gives no time) at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedSince must be an ISO 8601 date-time' })
  updatedSince?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'only documents last changed at or before this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedUntil must be an ISO 8601 date-time' })
  updatedUntil?: string;

  @ApiPropertyOptional({ enum: TRUST_TIERS, description: 'only documents whose base trust tier is at least this' })
  @IsOptional()
  @IsIn(TRUST_TIERS as unknown as string[], { message: `minTrustTier must be one of ${TRUST_TIERS.join(', ')}` })
  minTrustTier?: string;

  @ApiPropertyOptional({ description: 'also return withheld results, marked withheld: true (keys with role security only)' })
  @IsOptional()
  @IsBoolean({ message: 'includeWithheld must be true or false' })
  includeWithheld?: boolean;
}

class ReadAuditQuery {
  @ApiPropertyOptional({ description: 'only entries (searches, reviews) made with this API key id' })
  @IsOptional()
  @IsUUID('all', { message: 'keyId must be an API key id (UUID)' })
  keyId?: string;

  @ApiPropertyOptional({ enum: ['read', 'review'], description: 'only searches (read) or only flag review decisions (review); both when absent' })
  @IsOptional()
  @IsIn(['read', 'review'], { message: 'kind must be read or review' })
  kind?: string;

  @ApiPropertyOptional({ description: 'only searches at or after this ISO 8601 time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({ description: 'only searches at or before this ISO 8601 time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string;

  @ApiPropertyOptional({ description: 'only searches before this ISO 8601 time (paging: pass the previous page\'s next)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'before must be an ISO 8601 date-time' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'entries per page: 1 to AUDIT_MAX_PAGE (default 500); 100 when absent' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}

@ApiTags('context')
@Controller('v1')
export class ContextController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Post('context/search')
  @HttpCode(200)
  @Roles('agent', 'security')
  @ApiOkResponse({
    description:
      'the most relevant chunks of this tenant (BM25 + vector, fused, lifted by freshness and trust), one per document, each with its document, provenance (verified when served), trust tier and flags; withheld results counted with their flag codes; a signed receipt that is also an audit leaf of the tenant log',
  })
  search(@Body() dto: SearchDto, @Req() req: ApiRequest) {
    const p = req.principal!;
    return this.s.search.search(dto, { keyId: p.keyId, keyName: p.keyName, role: p.role, channel: 'http' });
  }

  @Get('audit')
  @Roles('security')
  @ApiOkResponse({
    description:
      'the audit trail, newest first: every search (kind read: who, when, query hash, counts, leaf index, signed receipt) and every flag review decision (kind review: who, when, flag, decision, note, leaf index, signed decision)',
  })
  audit(@Query() q: ReadAuditQuery) {
    return this.s.audit.list(q);
  }
}
