import { Database } from '../database';

export interface SourceRow {
  id: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  credentialsEnc: Buffer | null;
  scheduleSeconds: number | null;
  enabled: boolean;
  trustTier: string;
  cursor: unknown;
  health: 'unknown' | 'healthy' | 'unhealthy';
  healthReason: string | null;
  consecutiveFailures: number;
  leaseRunId: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, kind, name, config, credentials_enc AS "credentialsEnc", schedule_seconds AS "scheduleSeconds", enabled,
  trust_tier AS "trustTier", cursor, health, health_reason AS "healthReason", consecutive_failures AS "consecutiveFailures",
  lease_run_id AS "leaseRunId", lease_until AS "leaseUntil", created_at AS "createdAt", updated_at AS "updatedAt"`;

export class SourceRepository {
  constructor(private readonly db: Database) {}

  async insert(s: { id: string; kind: string; name: string; config: unknown; credentialsEnc: Buffer | null; scheduleSeconds: number | null; enabled: boolean; trustTier: string }): Promise<SourceRow> {
    const rows: SourceRow[] = await this.db.manager().query(
      `INSERT INTO sources (tenant_id, id, kind, name, config, credentials_enc, schedule_seconds, enabled, trust_tier)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [this.db.tenantId(), s.id, s.kind, s.name, JSON.stringify(s.config), s.credentialsEnc, s.scheduleSeconds, s.enabled, s.trustTier],
    );
    return rows[0];
  }

  async findById(id: string): Promise<SourceRow | null> {
    const rows: SourceRow[] = await this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM sources WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  async findByName(name: string): Promise<SourceRow | null> {
    const rows: SourceRow[] = await this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM sources WHERE tenant_id = $1 AND name = $2 AND deleted_at IS NULL`, [this.db.tenantId(), name]);
    return rows[0] ?? null;
  }

  /** Inside a source-route transaction: the tenant and kind of the one visible source. */
  async route(id: string): Promise<{ tenantId: string; kind: string } | null> {
    const rows: Array<{ tenantId: string; kind: string }> = await this.db
      .manager('source-route')
      .query(`SELECT tenant_id AS "tenantId", kind FROM sources WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ?? null;
  }

  list(): Promise<SourceRow[]> {
    return this.db.manager().query(`SELECT ${COLUMNS} FROM sources WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at`, [this.db.tenantId()]);
  }

  async update(id: string, patch: Partial<{ name: string; config: unknown; credentialsEnc: Buffer | null; scheduleSeconds: number | null; enabled: boolean; trustTier: string }>): Promise<SourceRow | null> {
    const sets: string[] = [];
    const params: unknown[] = [this.db.tenantId(), id];
    const col: Record<string, string> = { name: 'name', config: 'config', credentialsEnc: 'credentials_enc', scheduleSeconds: 'schedule_seconds', enabled: 'enabled', trustTier: 'trust_tier' };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      params.push(k === 'config' ? JSON.stringify(v) : v);
      sets.push(`${col[k]} = $${params.length}`);
    }
    sets.push('updated_at = now()');
    const [rows]: [SourceRow[], number] = await this.db
      .manager()
      .query(`UPDATE sources SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`, params);
    return rows[0] ?? null;
  }

  async softDelete(id: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.db
      .manager()
      .query(`UPDATE sources SET deleted_at = now(), enabled = false WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`, [this.db.tenantId(), id]);
    return rows.length > 0;
  }

  /** Takes the source's sync lease for a run when free, expired, or already this run's. Returns the run it displaced. */
  async acquireLease(id: string, runId: string, seconds: number): Promise<{ acquired: boolean; previousRunId: string | null }> {
    const rows: Array<{ prev: string | null; got: boolean }> = await this.db.manager().query(
      `WITH cur AS (SELECT lease_run_id AS prev FROM sources WHERE tenant_id = $1 AND id = $2 FOR UPDATE),
            upd AS (UPDATE sources SET lease_run_id = $3, lease_until = now() + make_interval(secs => $4)
                    WHERE tenant_id = $1 AND id = $2 AND (lease_until IS NULL OR lease_until < now() OR lease_run_id = $3) RETURNING 1)
       SELECT (SELECT prev FROM cur) AS prev, EXISTS (SELECT 1 FROM upd) AS got`,
      [this.db.tenantId(), id, runId, seconds],
    );
    return { acquired: rows[0].got, previousRunId: rows[0].prev };
  }

  async renewLease(id: string, runId: string, seconds: number, cursor?: unknown): Promise<void> {
    await this.db.manager().query(
      `UPDATE sources SET lease_until = now() + make_interval(secs => $4), cursor = CASE WHEN $5::boolean THEN $6::jsonb ELSE cursor END
       WHERE tenant_id = $1 AND id = $2 AND lease_run_id = $3`,
      [this.db.tenantId(), id, runId, seconds, cursor !== undefined, cursor === undefined ? null : JSON.stringify(cursor)],
    );
  }

  async releaseLease(id: string, runId: string): Promise<void> {
    await this.db
      .manager()
      .query(`UPDATE sources SET lease_run_id = NULL, lease_until = NULL WHERE tenant_id = $1 AND id = $2 AND lease_run_id = $3`, [this.db.tenantId(), id, runId]);
  }

  async recordHealth(id: string, ok: boolean, reason: string | null, unhealthyAfter: number, forceUnhealthy = false): Promise<void> {
    await this.db.manager().query(
      `UPDATE sources SET
         consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures + 1 END,
         health = CASE WHEN $3 THEN 'healthy' WHEN $6 OR consecutive_failures + 1 >= $5 THEN 'unhealthy' ELSE health END,
         health_reason = CASE WHEN $3 THEN NULL ELSE $4 END
       WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), id, ok, reason, unhealthyAfter, forceUnhealthy],
    );
  }
}
