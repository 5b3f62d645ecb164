import { Database } from '../database';

export interface WebhookRow {
  id: string;
  url: string;
  createdAt: Date;
  createdBy: string;
  disabledAt: Date | null;
  deliveredSize: number;
  deliveredAt: Date | null;
  lastStatus: string | null;
  consecutiveFailures: number;
}

const COLUMNS = `id, url, created_at AS "createdAt", created_by AS "createdBy", disabled_at AS "disabledAt",
  delivered_size::float8 AS "deliveredSize", delivered_at AS "deliveredAt", last_status AS "lastStatus",
  consecutive_failures AS "consecutiveFailures"`;

export class WebhookRepository {
  constructor(private readonly db: Database) {}

  async insert(id: string, url: string, createdBy: string, deliveredSize: number): Promise<WebhookRow> {
    const rows: WebhookRow[] = await this.db.manager().query(
      `INSERT INTO checkpoint_webhooks (tenant_id, id, url, created_by, delivered_size) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [this.db.tenantId(), id, url, createdBy, deliveredSize],
    );
    return rows[0];
  }

  list(includeDisabled: boolean): Promise<WebhookRow[]> {
    return this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM checkpoint_webhooks WHERE tenant_id = $1 AND ($2 OR disabled_at IS NULL) ORDER BY created_at`, [
        this.db.tenantId(),
        includeDisabled,
      ]);
  }

  async findById(id: string): Promise<WebhookRow | null> {
    const rows: WebhookRow[] = await this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM checkpoint_webhooks WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  async countActive(): Promise<number> {
    const rows: Array<{ n: number }> = await this.db
      .manager()
      .query(`SELECT count(*)::int AS n FROM checkpoint_webhooks WHERE tenant_id = $1 AND disabled_at IS NULL`, [this.db.tenantId()]);
    return rows[0].n;
  }

  async disable(id: string): Promise<void> {
    await this.db
      .manager()
      .query(`UPDATE checkpoint_webhooks SET disabled_at = coalesce(disabled_at, now()) WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
  }

  async recordDelivery(id: string, deliveredSize: number, status: string): Promise<void> {
    await this.db.manager().query(
      `UPDATE checkpoint_webhooks SET delivered_size = greatest(delivered_size, $3), delivered_at = now(), last_status = $4, consecutive_failures = 0
       WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), id, deliveredSize, status],
    );
  }

  async recordFailure(id: string, status: string): Promise<void> {
    await this.db.manager().query(
      `UPDATE checkpoint_webhooks SET last_status = $3, consecutive_failures = consecutive_failures + 1 WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), id, status],
    );
  }
}
