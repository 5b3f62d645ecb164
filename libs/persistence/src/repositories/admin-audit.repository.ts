import { newId } from '@ctxvault/common';
import { Database } from '../database';
import { AdminAuditEntity } from '../entities/admin-audit.entity';

export interface AdminAuditInput {
  actor: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

const COLUMNS = `tenant_id AS "tenantId", id, occurred_at AS "occurredAt", actor, action,
  target_type AS "targetType", target_id AS "targetId", details, request_id AS "requestId"`;

/** Append-only: the service role may insert and read, never update or delete. */
export class AdminAuditRepository {
  constructor(private readonly db: Database) {}

  async append(entry: AdminAuditInput): Promise<void> {
    await this.db.manager().query(
      `INSERT INTO admin_audit (tenant_id, id, actor, action, target_type, target_id, details, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        this.db.tenantId(),
        newId(),
        entry.actor,
        entry.action,
        entry.targetType,
        entry.targetId ?? null,
        JSON.stringify(entry.details ?? {}),
        entry.requestId ?? null,
      ],
    );
  }

  list(opts: { limit: number; before?: Date }): Promise<AdminAuditEntity[]> {
    return this.db.manager().query(
      `SELECT ${COLUMNS} FROM admin_audit WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR occurred_at < $2)
       ORDER BY occurred_at DESC, id LIMIT $3`,
      [this.db.tenantId(), opts.before ?? null, opts.limit],
    );
  }
}
