import { ConflictError, isUuid, NotFoundError, ValidationError, newId } from '@ctxvault/common';
import {
  AdminAuditRepository,
  API_KEY_ROLES,
  ApiKeyEntity,
  ApiKeyRepository,
  ApiKeyRole,
} from '@ctxvault/persistence';
import { generateApiKey } from './api-key.material';

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface CreateKeyInput {
  role: string;
  name?: string;
  expiresAt?: Date | null;
}

export function toKeyView(k: ApiKeyEntity, now = new Date()): ApiKeyView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const status = k.revokedAt ? 'revoked' : k.expiresAt && new Date(k.expiresAt) <= now ? 'expired' : 'active';
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    prefix: `cv_${k.prefix}_`,
    createdAt: new Date(k.createdAt).toISOString(),
    createdBy: k.createdBy,
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    revokedBy: k.revokedBy,
    status,
  };
}

/**
 * API keys of the current tenant. Must be called inside Database.inTenant; every change is written
 * to the admin audit trail in the same transaction.
 */
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AdminAuditRepository,
    private readonly maxActiveKeys: number,
  ) {}

  /** Returns the key in clear exactly once; only its hash is stored. */
  async create(input: CreateKeyInput, actor: string, requestId?: string): Promise<{ key: string; apiKey: ApiKeyView }> {
    if (!(API_KEY_ROLES as readonly string[]).includes(input.role)) {
      throw new ValidationError(`role must be one of: ${API_KEY_ROLES.join(', ')} (got "${input.role}")`);
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new ValidationError('expiresAt must be in the future');
    }
    if ((await this.keys.countActive()) >= this.maxActiveKeys) {
      throw new ConflictError(
        `this tenant already has ${this.maxActiveKeys} active API keys (MAX_API_KEYS_PER_TENANT); revoke one first`,
      );
    }
    const material = generateApiKey();
    const row = await this.keys.insert({
      id: newId(),
      prefix: material.prefix,
      secretHash: material.secretHash,
      name: input.name ?? `${input.role} key`,
      role: input.role as ApiKeyRole,
      createdBy: actor,
      expiresAt: input.expiresAt ?? null,
    });
    await this.audit.append({
      actor,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: row.id,
      details: { role: row.role, name: row.name, expiresAt: row.expiresAt },
      requestId,
    });
    return { key: material.key, apiKey: toKeyView(row) };
  }

  async list(opts: { includeRevoked: boolean; limit: number; offset: number }): Promise<ApiKeyView[]> {
    return (await this.keys.list(opts)).map((k) => toKeyView(k));
  }

  async get(id: string): Promise<ApiKeyView> {
    if (!isUuid(id)) throw new ValidationError(`key id must be a UUID (got "${id}")`);
    const row = await this.keys.findById(id);
    if (!row) throw new NotFoundError('no API key with this id in this tenant');
    return toKeyView(row);
  }

  async revoke(id: string, actor: string, requestId?: string): Promise<ApiKeyView> {
    if (!isUuid(id)) throw new ValidationError(`key id must be a UUID (got "${id}")`);
    const before = await this.keys.findById(id);
    if (!before) throw new NotFoundError('no API key with this id in this tenant');
    const row = (await this.keys.revoke(id, actor))!;
    if (!before.revokedAt) {
      await this.audit.append({ actor, action: 'api_key.revoke', targetType: 'api_key', targetId: id, requestId });
    }
    return toKeyView(row);
  }
}
