import { Database, sqlBytes, sqlInteger, sqlLiteral } from '../database';

export interface ReadRow {
  id: string;
  keyId: string;
  keyName: string;
  role: string;
  channel: string;
  at: Date;
  querySha256: Buffer;
  resultCount: number;
  withheldCount: number;
  leafIndex: number;
  receipt: Buffer;
}

const COLS = `id, key_id AS "keyId", key_name AS "keyName", role, channel, at, query_sha256 AS "querySha256", result_count AS "resultCount",
  withheld_count AS "withheldCount", leaf_index::float8 AS "leafIndex", receipt`;

/** The read audit trail: one row per search, its signed receipt also an `audit` leaf of the log. */
export class ReadRepository {
  constructor(private readonly db: Database) {}

  /** Records a search; the row is written with the transaction's COMMIT (one round trip fewer per search). */
  insert(r: ReadRow): void {
    const values = [
      sqlLiteral(this.db.tenantId()),
      sqlLiteral(r.id),
      sqlLiteral(r.keyId),
      sqlLiteral(r.keyName),
      sqlLiteral(r.role),
      sqlLiteral(r.channel),
      `${sqlLiteral(r.at.toISOString())}::timestamptz`,
      sqlBytes(r.querySha256),
      sqlInteger(r.resultCount),
      sqlInteger(r.withheldCount),
      sqlInteger(r.leafIndex),
      sqlBytes(r.receipt),
    ];
    this.db.withCommit(
      `INSERT INTO reads (tenant_id, id, key_id, key_name, role, channel, at, query_sha256, result_count, withheld_count, leaf_index, receipt) VALUES (${values.join(', ')})`,
    );
  }

  /** Newest first; `before` continues a listing from the last row's time. */
  list(q: { keyId?: string; since?: Date; until?: Date; before?: Date; limit: number }): Promise<ReadRow[]> {
    return this.db.manager().query(
      `SELECT ${COLS} FROM reads
       WHERE tenant_id = $1 AND ($2::uuid IS NULL OR key_id = $2::uuid) AND ($3::timestamptz IS NULL OR at >= $3::timestamptz)
         AND ($4::timestamptz IS NULL OR at <= $4::timestamptz) AND ($5::timestamptz IS NULL OR at < $5::timestamptz)
       ORDER BY at DESC, id LIMIT $6`,
      [this.db.tenantId(), q.keyId ?? null, q.since?.toISOString() ?? null, q.until?.toISOString() ?? null, q.before?.toISOString() ?? null, q.limit],
    );
  }
}
