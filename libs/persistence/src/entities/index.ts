import { AdminAuditEntity } from './admin-audit.entity';
import { ApiKeyEntity } from './api-key.entity';
import { TenantEntity } from './tenant.entity';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

export const entities = [TenantEntity, ApiKeyEntity, AdminAuditEntity, WorkerHeartbeatEntity];
