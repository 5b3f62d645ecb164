import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { FLAG_STATUSES, REVIEW_DECISIONS, SEVERITY_ORDER } from '@ctxvault/retrieval';
import type { Services } from '@ctxvault/services';
import { actorOf } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { QueryInt, QueryList } from '../common/query-transforms';
import { SERVICES } from '../tokens';

const LIST_MAX = 50;

class FlagIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a flag id (UUID)' })
  id: string;
}

class FlagQueueQuery {
  @ApiPropertyOptional({ description: `review status, comma-separated: ${FLAG_STATUSES.join(', ')} (default: every status)`, example: 'open' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsIn(FLAG_STATUSES, { each: true, message: `status must be among ${FLAG_STATUSES.join(', ')}` })
  status?: string[];

  @ApiPropertyOptional({ description: `severity, comma-separated: ${SEVERITY_ORDER.join(', ')}`, example: 'high,critical' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsIn([...SEVERITY_ORDER], { each: true, message: `severity must be among ${SEVERITY_ORDER.join(', ')}` })
  severity?: string[];

  @ApiPropertyOptional({ description: 'source ids, comma-separated' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsUUID('all', { each: true, message: 'sourceId must be source ids (UUIDs)' })
  sourceId?: string[];

  @ApiPropertyOptional({ description: 'source kinds, comma-separated: git, slack, notion, sentry, push' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsString({ each: true })
  sourceKind?: string[];

  @ApiPropertyOptional({ description: 'detectors, comma-separated (hidden-unicode, homoglyph, markup, instruction, instruction-model, dangerous-command, secret, provenance)' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsString({ each: true })
  detector?: string[];

  @ApiPropertyOptional({ description: 'flag codes, comma-separated (e.g. instruction.override,markup.exfiltration_link)' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsString({ each: true })
  code?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'only this document' })
  @IsOptional()
  @IsUUID('all', { message: 'documentId must be a document id (UUID)' })
  documentId?: string;

  @ApiPropertyOptional({ description: 'the previous page\'s "next": continues after its last flag' })
  @IsOptional()
  @IsString()
  after?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'flags per page: 1 to FLAGS_MAX_PAGE (default 200); 50 when absent' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}

class ReviewDto {
  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'cleared: not poisoning, serve the content again (the flag stays visible with this review); confirmed: poisoning, keep it withheld' })
  @IsIn([...REVIEW_DECISIONS], { message: `decision must be one of ${REVIEW_DECISIONS.join(', ')}` })
  decision: string;

  @ApiProperty({ description: 'why (signed into the audit log with the decision); up to REVIEW_NOTE_MAX_CHARS characters' })
  @IsString({ message: 'note must be a string' })
  @MinLength(1, { message: 'note must say why the flag is cleared or confirmed' })
  @MaxLength(100_000)
  note: string;
}

class RescanIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a rescan id (UUID)' })
  id: string;
}

@ApiTags('flags')
@Controller('v1/flags')
export class FlagsController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Get()
  @Roles('security')
  @ApiOkResponse({ description: 'the review queue: live flags (newest first) with their document, status and last review; `next` pages on' })
  list(@Query() q: FlagQueueQuery) {
    return this.s.flagReview.list(q);
  }

  @Post('rescan')
  @HttpCode(202)
  @Roles('security', 'admin')
  @ApiAcceptedResponse({ description: 'a rescan of the tenant\'s stored content with the current detectors, queued as a background job; follow it at GET /v1/flags/rescans/{id}' })
  async rescan(@Req() req: ApiRequest) {
    const view = await this.s.rescan.request(actorOf(req.principal!));
    await this.s.tenancy.audit.record({ actor: actorOf(req.principal!), action: 'flags.rescan', targetType: 'rescan', targetId: view.id, details: { detectors: view.detectors }, requestId: req.requestId });
    return view;
  }

  @Get('rescans')
  @Roles('security', 'admin')
  @ApiOkResponse({ description: 'the latest rescans with their progress' })
  rescans() {
    return this.s.rescan.list();
  }

  @Get('rescans/:id')
  @Roles('security', 'admin')
  @ApiOkResponse({ description: 'one rescan: status (queued, running, done, failed), progress (versions scanned of total), flags added and superseded' })
  rescanStatus(@Param() p: RescanIdParams) {
    return this.s.rescan.get(p.id);
  }

  @Get(':id')
  @Roles('security')
  @ApiOkResponse({ description: 'one flag with its document and every review decision' })
  get(@Param() p: FlagIdParams) {
    return this.s.flagReview.get(p.id);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('security')
  @ApiOkResponse({ description: 'the decision, signed with the tenant key and appended to the tenant log as an audit leaf (leafIndex, envelope), and the flag after it' })
  review(@Param() p: FlagIdParams, @Body() dto: ReviewDto, @Req() req: ApiRequest) {
    const k = req.principal!;
    return this.s.flagReview.review(p.id, dto, { keyId: k.keyId, keyName: k.keyName, role: k.role });
  }
}
