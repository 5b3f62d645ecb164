import { Controller, Get, Header, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import type { Provenance } from '@ctxvault/provenance';
import type { Services } from '@ctxvault/services';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { QueryBool } from '../common/query-transforms';
import { PROVENANCE, SERVICES } from '../tokens';

class DocumentIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

class BundleQuery {
  @ApiPropertyOptional({ default: false, description: 'include the current content so the verifier checks it too' })
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: 'content must be true or false' })
  content?: boolean;
}

@ApiTags('documents')
@Controller('v1/documents')
export class DocumentsController {
  constructor(
    @Inject(PROVENANCE) private readonly provenance: Provenance,
    @Inject(SERVICES) private readonly s: Services,
  ) {}

  @Get(':id')
  @Roles('admin', 'agent', 'security')
  @ApiOkResponse({
    description:
      "the current version's full text with its provenance, every version (who, when, content hash), and the flags raised on it; for agent keys the text of a document with an open high or critical flag is withheld (text null, withheld.codes)",
  })
  get(@Param() p: DocumentIdParams, @Req() req: ApiRequest) {
    return this.s.documents.get(p.id, { includeWithheld: req.principal!.role !== 'agent' });
  }

  @Get(':id/provenance')
  @Roles('admin', 'agent', 'security')
  @ApiOkResponse({ description: 'the current statement envelope, its leaf index, and an inclusion proof to the latest checkpoint' })
  provenanceOf(@Param() p: DocumentIdParams) {
    return this.provenance.service.provenanceOf(p.id);
  }

  @Get(':id/bundle')
  @Roles('admin', 'agent', 'security')
  @Header('Content-Type', 'application/json')
  @ApiOkResponse({ description: 'a canonical-JSON bundle for offline verification with `ctxvault verify --bundle`' })
  bundle(@Param() p: DocumentIdParams, @Query() q: BundleQuery): Promise<string> {
    return this.provenance.service.bundleOf(p.id, q.content ?? false);
  }
}
