import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Provenance } from '@ctxvault/provenance';
import { Roles } from '../auth/access.decorators';
import { PROVENANCE } from '../tokens';

@ApiTags('transparency log')
@Controller('v1/verify')
export class VerifyController {
  constructor(@Inject(PROVENANCE) private readonly provenance: Provenance) {}

  @Post()
  @HttpCode(200)
  @Roles('security', 'admin')
  @ApiOkResponse({
    description:
      'checks the whole store of the tenant: content hashes, every envelope signature, every leaf, every stored tree node, every checkpoint; lists each failure with the item it concerns',
  })
  verify() {
    return this.provenance.verifier.verify();
  }
}
