import { AdminAuditRepository, ApiKeyRepository, Database, TenantRepository } from '@ctxvault/persistence';
import { AdminAuditService } from './admin-audit.service';
import { ApiKeyService } from './api-key.service';
import { AuthService } from './auth.service';
import { TenantService } from './tenant.service';

export interface Tenancy {
  db: Database;
  tenants: TenantService;
  keys: ApiKeyService;
  auth: AuthService;
  audit: AdminAuditService;
}

/** Wires the tenancy services over one Database (used by the API and the CLI alike). */
export function createTenancy(
  db: Database,
  opts: { maxActiveKeys: number; keyCacheSeconds: number; onTenantCreated?: (tenantId: string) => Promise<void> },
): Tenancy {
  const keyRepo = new ApiKeyRepository(db);
  const auditRepo = new AdminAuditRepository(db);
  const keys = new ApiKeyService(keyRepo, auditRepo, opts.maxActiveKeys);
  return {
    db,
    keys,
    tenants: new TenantService(db, new TenantRepository(db), keys, auditRepo, opts.onTenantCreated),
    auth: new AuthService(keyRepo, opts.keyCacheSeconds),
    audit: new AdminAuditService(auditRepo),
  };
}
