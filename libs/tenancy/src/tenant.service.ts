import { ValidationError, newId } from '@ctxvault/common';
import { AdminAuditRepository, Database, TenantEntity, TenantRepository } from '@ctxvault/persistence';
import { ApiKeyService, ApiKeyView } from './api-key.service';

export const TENANT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export function toTenantView(t: TenantEntity): TenantView {
  return { id: t.id, slug: t.slug, name: t.name, createdAt: new Date(t.createdAt).toISOString() };
}

/** Tenants: created with their first admin key in one transaction, so none exists without one. */
export class TenantService {
  constructor(
    private readonly db: Database,
    private readonly tenants: TenantRepository,
    private readonly keys: ApiKeyService,
    private readonly audit: AdminAuditRepository,
    /** Runs inside the creating transaction (e.g. the tenant's first signing key). */
    private readonly onCreated?: (tenantId: string) => Promise<void>,
  ) {}

  async create(
    slug: string,
    name: string | undefined,
    actor: string,
    requestId?: string,
  ): Promise<{ tenant: TenantView; adminKey: string; adminKeyInfo: ApiKeyView }> {
    if (!TENANT_SLUG_PATTERN.test(slug)) {
      throw new ValidationError(
        `tenant slug must be 2-63 characters of a-z, 0-9 and -, starting with a letter or digit (got "${slug}")`,
      );
    }
    const displayName = name ?? slug;
    if (displayName.length < 1 || displayName.length > 200) throw new ValidationError('tenant name must be 1-200 characters');
    return this.db.inNewTenant(newId(), async (tenantId) => {
      const tenant = await this.tenants.create(tenantId, slug, displayName);
      await this.audit.append({ actor, action: 'tenant.create', targetType: 'tenant', targetId: tenant.id, details: { slug }, requestId });
      const { key, apiKey } = await this.keys.create({ role: 'admin', name: 'initial admin key' }, actor, requestId);
      if (this.onCreated) await this.onCreated(tenantId);
      return { tenant: toTenantView(tenant), adminKey: key, adminKeyInfo: apiKey };
    });
  }

  async list(limit: number, afterSlug?: string): Promise<TenantView[]> {
    return this.db.asPlatform(async () => (await this.tenants.list(limit, afterSlug)).map(toTenantView));
  }

  async findBySlug(slug: string): Promise<TenantView | null> {
    const t = await this.db.asPlatform(() => this.tenants.findBySlug(slug));
    return t ? toTenantView(t) : null;
  }

  /** The tenant of the current tenant transaction. */
  async current(): Promise<TenantView> {
    const t = await this.tenants.current();
    if (!t) throw new Error('current tenant row is not visible');
    return toTenantView(t);
  }
}
