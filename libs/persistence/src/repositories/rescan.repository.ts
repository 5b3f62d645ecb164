import { Database } from '../database';

export interface RescanRow {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  detectors: string;
  requestedBy: string;
  total: number | null;
  done: number;
  flagsAdded: number;
  flagsSuperseded: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLS = `id, status, detectors, requested_by AS "requestedBy", total, done, flags_added AS "flagsAdded", flags_superseded AS "flagsSuperseded",
  error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Background re-scans of a tenant's stored content, with their progress. */
export class RescanRepository {
  constructor(private readonly db: Database) {}

  async create(id: string, detectors: string, requestedBy: string): Promise<RescanRow> {
    const rows: RescanRow[] = await this.db.manager().query(
      `INSERT INTO rescans (tenant_id, id, detectors, requested_by) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
      [this.db.tenantId(), id, detectors, requestedBy],
    );
    return rows[0];
  }

  async get(id: string): Promise<RescanRow | null> {
    const rows: RescanRow[] = await this.db.manager().query(`SELECT ${COLS} FROM rescans WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  list(limit: number): Promise<RescanRow[]> {
    return this.db.manager().query(`SELECT ${COLS} FROM rescans WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [this.db.tenantId(), limit]);
  }

  /** A rescan still queued or running (one at a time per tenant). */
  async active(): Promise<RescanRow | null> {
    const rows: RescanRow[] = await this.db.manager().query(`SELECT ${COLS} FROM rescans WHERE tenant_id = $1 AND status IN ('queued', 'running') ORDER BY created_at LIMIT 1`, [this.db.tenantId()]);
    return rows[0] ?? null;
  }

  async start(id: string, total: number): Promise<void> {
    await this.db.manager().query(`UPDATE rescans SET status = 'running', total = $3, started_at = coalesce(started_at, now()) WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id, total]);
  }

  /** Records a finished batch: `done` is the number of versions scanned so far (a retry re-counts nothing). */
  async progress(id: string, done: number, added: number, superseded: number): Promise<void> {
    await this.db.manager().query(
      `UPDATE rescans SET done = $3, flags_added = flags_added + $4, flags_superseded = flags_superseded + $5 WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), id, done, added, superseded],
    );
  }

  async finish(id: string, error: string | null): Promise<void> {
    await this.db.manager().query(`UPDATE rescans SET status = $3, error = $4, finished_at = now() WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id, error ? 'failed' : 'done', error]);
  }

  /** Current versions of live documents after `afterDocumentId`, in document id order: one batch of a rescan. */
  currentVersions(afterDocumentId: string | null, limit: number): Promise<Array<{ documentId: string; versionId: string }>> {
    return this.db.manager().query(
      `SELECT id AS "documentId", current_version_id AS "versionId" FROM documents
       WHERE tenant_id = $1 AND tombstoned_at IS NULL AND current_version_id IS NOT NULL AND ($2::uuid IS NULL OR id > $2::uuid)
       ORDER BY id LIMIT $3`,
      [this.db.tenantId(), afterDocumentId, limit],
    );
  }

  async countCurrentVersions(): Promise<number> {
    const [r] = await this.db.manager().query(`SELECT count(*)::int AS n FROM documents WHERE tenant_id = $1 AND tombstoned_at IS NULL AND current_version_id IS NOT NULL`, [this.db.tenantId()]);
    return r.n;
  }
}
