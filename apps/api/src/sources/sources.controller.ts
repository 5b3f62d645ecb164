import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { sourceView } from '@ctxvault/ingestion';
import type { Services } from '@ctxvault/services';
import { actorOf } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { SERVICES } from '../tokens';
import { CreateSourceDto, IdParams, RunsQuery, UpdateSourceDto } from './sources.dto';

@ApiTags('sources')
@Controller('v1')
export class SourcesController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  private audit(req: ApiRequest, action: string, targetId: string, details: Record<string, unknown> = {}) {
    return this.s.tenancy.audit.record({ actor: actorOf(req.principal!), action, targetType: 'source', targetId, details, requestId: req.requestId });
  }

  @Post('sources')
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the source (credentials are sealed and never returned)' })
  async create(@Body() dto: CreateSourceDto, @Req() req: ApiRequest) {
    const src = await this.s.sources.create(dto);
    await this.audit(req, 'source.create', src.id, { kind: src.kind, name: src.name });
    return src;
  }

  @Get('sources')
  @Roles('admin', 'security')
  @ApiOkResponse({ description: 'sources with their health and schedule' })
  list() {
    return this.s.sources.list();
  }

  @Get('sources/:id')
  @Roles('admin', 'security')
  async get(@Param() p: IdParams) {
    return sourceView(await this.s.sources.get(p.id));
  }

  @Patch('sources/:id')
  @Roles('admin')
  async update(@Param() p: IdParams, @Body() dto: UpdateSourceDto, @Req() req: ApiRequest) {
    const src = await this.s.sources.update(p.id, dto);
    await this.audit(req, 'source.update', p.id, { fields: Object.keys(dto).filter((k) => k !== 'credentials').concat(dto.credentials ? ['credentials'] : []) });
    return src;
  }

  @Post('sources/:id/disable')
  @HttpCode(200)
  @Roles('admin')
  async disable(@Param() p: IdParams, @Req() req: ApiRequest) {
    const src = await this.s.sources.update(p.id, { enabled: false });
    await this.audit(req, 'source.disable', p.id);
    return src;
  }

  @Post('sources/:id/enable')
  @HttpCode(200)
  @Roles('admin')
  async enable(@Param() p: IdParams, @Req() req: ApiRequest) {
    const src = await this.s.sources.update(p.id, { enabled: true });
    await this.audit(req, 'source.enable', p.id);
    return src;
  }

  @Delete('sources/:id')
  @Roles('admin')
  @ApiOkResponse({ description: 'the source stops syncing and disappears from lists; its documents and history stay' })
  async remove(@Param() p: IdParams, @Req() req: ApiRequest) {
    await this.s.sources.remove(p.id);
    await this.audit(req, 'source.delete', p.id);
    return { deleted: true, id: p.id };
  }

  @Post('sources/:id/sync')
  @HttpCode(202)
  @Roles('admin')
  @ApiAcceptedResponse({ description: 'a queued sync run; follow it at GET /v1/sync-runs/{id}' })
  async sync(@Param() p: IdParams, @Req() req: ApiRequest) {
    const run = await this.s.sources.requestSync(p.id);
    await this.audit(req, 'source.sync', p.id, { runId: run.id });
    return run;
  }

  @Get('sources/:id/runs')
  @Roles('admin', 'security')
  @ApiOkResponse({ description: 'sync runs, newest first, with counts (fetched, new, changed, unchanged, deleted, failed), errors and durations' })
  runs(@Param() p: IdParams, @Query() q: RunsQuery) {
    return this.s.sources.listRuns(p.id, q.limit ?? 20);
  }

  @Get('sync-runs/:id')
  @Roles('admin', 'security', 'ingest')
  run(@Param() p: IdParams) {
    return this.s.sources.run(p.id);
  }
}
