import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Provenance } from '@ctxvault/provenance';
import { actorOf } from '@ctxvault/tenancy';
import type { Tenancy } from '@ctxvault/tenancy';
import { Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { PROVENANCE, TENANCY } from '../tokens';
import { CheckpointNotifier } from './checkpoint-notifier';
import { checkpointView } from './log.controller';

@ApiTags('transparency log')
@Controller('v1/signing-keys')
export class SigningKeysController {
  constructor(
    @Inject(PROVENANCE) private readonly provenance: Provenance,
    @Inject(TENANCY) private readonly tenancy: Tenancy,
    private readonly notifier: CheckpointNotifier,
  ) {}

  @Post('rotate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'retires the active signing key, starts a new one (both in the log), and signs a checkpoint with it' })
  async rotate(@Req() req: ApiRequest) {
    const { retired, active } = await this.provenance.keyring.rotate();
    const cp = await this.provenance.service.checkpointNow();
    await this.tenancy.audit.record({
      actor: actorOf(req.principal!),
      action: 'signing_key.rotate',
      targetType: 'signing_key',
      targetId: active.keyId,
      details: { retired },
      requestId: req.requestId,
    });
    this.notifier.afterCommit(req.principal!.tenantId);
    return { retired, active: active.keyId, checkpoint: checkpointView(cp) };
  }
}
