import { Database } from '../database';

export interface RunCounts {
  fetched: number;
  new: number;
  changed: number;
  unchanged: number;
  deleted: number;
  failed: number;
}

export interface SyncRunRow {
  id: string;
  sourceId: string;
  trigger: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped';
  attempt: number;
  counts: Partial<RunCounts>;
  timingsMs: Record<string, number>;
  errors: Array<{ externalId?: string; message: string }>;
  error: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, source_id AS "sourceId", trigger, status, attempt, counts, timings_ms AS "timingsMs", errors, error,
  queued_at AS "queuedAt", started_at AS "startedAt", heartbeat_at AS "heartbeatAt", finished_at AS "finishedAt"`;

export class SyncRunRepository {
  constructor(private readonly db: Database) {}

  async insert(id: string, sourceId: string, trigger: string): Promise<SyncRunRow> {
    const rows: SyncRunRow[] = await this.db
      .manager()
      .query(`INSERT INTO sync_runs (tenant_id, id, source_id, trigger, status) VALUES ($1, $2, $3, $4, 'queued') RETURNING ${COLUMNS}`, [
        this.db.tenantId(),
        id,
        sourceId,
        trigger,
      ]);
    return rows[0];
  }

  async findById(id: string): Promise<SyncRunRow | null> {
    const rows: SyncRunRow[] = await this.db.manager().query(`SELECT ${COLUMNS} FROM sync_runs WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  ofSource(sourceId: string, limit: number): Promise<SyncRunRow[]> {
    return this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM sync_runs WHERE tenant_id = $1 AND source_id = $2 ORDER BY queued_at DESC LIMIT $3`, [this.db.tenantId(), sourceId, limit]);
  }

  async start(id: string): Promise<void> {
    await this.db.manager().query(
      `UPDATE sync_runs SET status = 'running', attempt = attempt + 1, started_at = coalesce(started_at, now()), heartbeat_at = now(), error = NULL
       WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), id],
    );
  }

  /** Adds to the counters and timings, appends errors (the first 100 are kept), beats the heartbeat. */
  async progress(id: string, counts: Partial<RunCounts>, timingsMs: Record<string, number>, errors: Array<{ externalId?: string; message: string }>): Promise<void> {
    await this.db.manager().query(
      `UPDATE sync_runs SET
         counts = (SELECT coalesce(jsonb_object_agg(k, coalesce((counts->>k)::bigint, 0) + coalesce((($3::jsonb)->>k)::bigint, 0)), '{}'::jsonb)
                   FROM (SELECT jsonb_object_keys(counts) AS k UNION SELECT jsonb_object_keys($3::jsonb)) keys),
         timings_ms = (SELECT coalesce(jsonb_object_agg(k, coalesce((timings_ms->>k)::float8, 0) + coalesce((($4::jsonb)->>k)::float8, 0)), '{}'::jsonb)
                   FROM (SELECT jsonb_object_keys(timings_ms) AS k UNION SELECT jsonb_object_keys($4::jsonb)) keys),
         errors = CASE WHEN jsonb_array_length(errors) >= 100 THEN errors ELSE errors || $5::jsonb END,
         heartbeat_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), id, JSON.stringify(counts), JSON.stringify(timingsMs), JSON.stringify(errors.slice(0, 100))],
    );
  }

  /** Back to queued after a failed attempt the queue will retry. */
  async retrying(id: string, error: string): Promise<void> {
    await this.db.manager().query(`UPDATE sync_runs SET status = 'queued', error = $3 WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id, error]);
  }

  async finish(id: string, status: 'succeeded' | 'failed' | 'skipped', error: string | null): Promise<void> {
    await this.db
      .manager()
      .query(`UPDATE sync_runs SET status = $3, error = $4, finished_at = now() WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id, status, error]);
  }
}
