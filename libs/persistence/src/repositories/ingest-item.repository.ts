import { Database } from '../database';

export interface IngestItemRow {
  ordinal: number;
  externalId: string;
  payload: Record<string, unknown>;
}

/** Documents staged by the push API; the worker takes them in order and marks each processed in the same transaction. */
export class IngestItemRepository {
  constructor(private readonly db: Database) {}

  async insertMany(runId: string, items: Array<{ externalId: string; payload: unknown }>): Promise<void> {
    if (!items.length) return;
    await this.db.manager().query(
      `INSERT INTO ingest_items (tenant_id, run_id, ordinal, external_id, payload)
       SELECT $1, $2, o, e, p FROM unnest($3::int[], $4::text[], $5::jsonb[]) AS t(o, e, p)`,
      [this.db.tenantId(), runId, items.map((_, i) => i), items.map((i) => i.externalId), items.map((i) => JSON.stringify(i.payload))],
    );
  }

  /**
   * The next unprocessed items of a run, locked for this transaction. By default items another
   * transaction holds are skipped; with `wait`, this waits for that transaction to end and then
   * returns what it left unprocessed (nothing if it committed them, everything if it was aborted).
   */
  nextPending(runId: string, limit: number, opts: { wait?: boolean } = {}): Promise<IngestItemRow[]> {
    return this.db.manager().query(
      `SELECT ordinal, external_id AS "externalId", payload FROM ingest_items
       WHERE tenant_id = $1 AND run_id = $2 AND processed_at IS NULL ORDER BY ordinal LIMIT $3 FOR UPDATE${opts.wait ? '' : ' SKIP LOCKED'}`,
      [this.db.tenantId(), runId, limit],
    );
  }

  async markProcessed(runId: string, ordinals: number[]): Promise<void> {
    await this.db.manager().query(
      `UPDATE ingest_items SET processed_at = now(), payload = '{}'::jsonb WHERE tenant_id = $1 AND run_id = $2 AND ordinal = ANY($3::int[])`,
      [this.db.tenantId(), runId, ordinals],
    );
  }

  async countPending(runId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.db
      .manager()
      .query(`SELECT count(*)::int AS n FROM ingest_items WHERE tenant_id = $1 AND run_id = $2 AND processed_at IS NULL`, [this.db.tenantId(), runId]);
    return rows[0].n;
  }
}
