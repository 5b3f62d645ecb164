import { AdminAuditInput, AdminAuditRepository } from '@ctxvault/persistence';

export interface AdminAuditView {
  id: string;
  occurredAt: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

export class AdminAuditService {
  constructor(private readonly audit: AdminAuditRepository) {}

  /** Appends to the current tenant's trail, in the caller's transaction. */
  record(entry: AdminAuditInput): Promise<void> {
    return this.audit.append(entry);
  }

  async list(limit: number, before?: Date): Promise<AdminAuditView[]> {
    const rows = await this.audit.list({ limit, before });
    return rows.map((r) => ({
      id: r.id,
      occurredAt: new Date(r.occurredAt).toISOString(),
      actor: r.actor,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      details: r.details,
      requestId: r.requestId,
    }));
  }
}
