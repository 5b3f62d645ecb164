import { Controller, Get, Inject, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CheckpointRow } from '@ctxvault/persistence';
import type { Provenance } from '@ctxvault/provenance';
import type { Tenancy } from '@ctxvault/tenancy';
import { Public, Roles } from '../auth/access.decorators';
import type { ApiRequest } from '../auth/request.types';
import { PROVENANCE, TENANCY } from '../tokens';
import { CheckpointNotifier } from './checkpoint-notifier';
import { CheckpointResponse, ConsistencyQuery, InclusionQuery, ProofResponse, TenantSlugParams } from './log.dto';

export function checkpointView(cp: CheckpointRow): CheckpointResponse {
  return { size: cp.size, rootHash: cp.rootHash.toString('base64'), note: cp.note, keyId: cp.keyId, createdAt: new Date(cp.createdAt).toISOString() };
}

@ApiTags('transparency log')
@Controller('v1/log')
export class LogController {
  constructor(
    @Inject(PROVENANCE) private readonly provenance: Provenance,
    private readonly notifier: CheckpointNotifier,
  ) {}

  @Get('checkpoint')
  @Roles('admin', 'agent', 'security', 'ingest')
  @ApiOkResponse({ type: CheckpointResponse, description: "the tenant log's latest signed checkpoint (C2SP signed note)" })
  async latest(): Promise<CheckpointResponse> {
    const cp = (await this.provenance.log.latestCheckpoint()) ?? (await this.provenance.service.checkpointNow());
    return checkpointView(cp);
  }

  @Post('checkpoint')
  @Roles('admin', 'security')
  @ApiCreatedResponse({ type: CheckpointResponse, description: 'signs a checkpoint of the current head now and publishes it to the webhooks' })
  async create(@Req() req: ApiRequest): Promise<CheckpointResponse> {
    const cp = await this.provenance.service.checkpointNow();
    this.notifier.afterCommit(req.principal!.tenantId);
    return checkpointView(cp);
  }

  @Get('proofs/inclusion')
  @Roles('admin', 'agent', 'security', 'ingest')
  @ApiOkResponse({ type: ProofResponse, description: 'RFC 9162 inclusion proof of leaf `index` in the tree of size `size`' })
  async inclusion(@Query() q: InclusionQuery): Promise<ProofResponse> {
    const hashes = await this.provenance.log.inclusionProof(q.index, q.size);
    return { index: q.index, size: q.size, hashes: hashes.map((h) => h.toString('base64')) };
  }

  @Get('proofs/consistency')
  @Roles('admin', 'agent', 'security', 'ingest')
  @ApiOkResponse({ type: ProofResponse, description: 'RFC 9162 consistency proof between the trees of sizes `from` and `to`' })
  async consistency(@Query() q: ConsistencyQuery): Promise<ProofResponse> {
    const hashes = await this.provenance.log.consistencyProof(q.from, q.to);
    return { from: q.from, to: q.to, hashes: hashes.map((h) => h.toString('base64')) };
  }

  @Get('keys')
  @Roles('admin', 'agent', 'security', 'ingest')
  @ApiOkResponse({ description: "the tenant's full public signing-key history (ctxvault-keys/v1)" })
  keys() {
    return this.provenance.keyring.history();
  }
}

@ApiTags('transparency log')
@Controller('.well-known/ctxvault/tenants')
export class WellKnownController {
  constructor(
    @Inject(PROVENANCE) private readonly provenance: Provenance,
    @Inject(TENANCY) private readonly tenancy: Tenancy,
  ) {}

  @Get(':slug/keys.json')
  @Public()
  @ApiOkResponse({ description: "a tenant's full public signing-key history (ctxvault-keys/v1), for verifiers without an API key" })
  async keys(@Param() p: TenantSlugParams) {
    const tenant = await this.tenancy.tenants.findBySlug(p.slug);
    if (!tenant) throw new NotFoundException(`no tenant "${p.slug}"`);
    return this.tenancy.db.inTenant(tenant.id, () => this.provenance.keyring.history());
  }
}
