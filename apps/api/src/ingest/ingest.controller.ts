import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Services } from '@ctxvault/services';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { IdParams } from '../sources/sources.dto';
import { SERVICES } from '../tokens';

@ApiTags('ingest')
@Controller('v1/ingest')
export class IngestController {
  constructor(@Inject(SERVICES) private readonly s: Services) {}

  @Post('documents')
  @Roles('ingest')
  @ApiBody({
    description:
      '{"documents": [{"externalId", "text", "kind"?, "title"?, "url"?, "author"? {id, name?, kind?}, "createdAt"?, "updatedAt"?, "metadata"?}]} — each document is checked on its own',
    schema: { type: 'object', required: ['documents'], properties: { documents: { type: 'array', items: { type: 'object' } } } },
  })
  @ApiAcceptedResponse({ description: 'per-item status (accepted, unchanged, rejected with reasons); accepted items are processed by the worker as batch `batchId`' })
  @ApiOkResponse({ description: 'nothing to process: every item was unchanged or rejected' })
  async push(@Body() body: Record<string, unknown>, @Req() req: ApiRequest, @Res({ passthrough: true }) res: Response) {
    const r = await this.s.push.accept(body, { keyId: req.principal!.keyId, keyName: req.principal!.keyName });
    res.status(r.batchId ? 202 : 200);
    return r;
  }

  @Get('batches/:id')
  @Roles('ingest', 'admin')
  @ApiOkResponse({ description: 'the processing run of a push batch, with its counts' })
  batch(@Param() p: IdParams) {
    return this.s.sources.run(p.id);
  }
}
