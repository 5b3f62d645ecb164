import { Database, sqlBytes, sqlInteger, sqlLiteral } from '../database';

export type LeafKind = 'statement' | 'tombstone' | 'key' | 'audit';

export interface LeafRow {
  leafIndex: number;
  kind: LeafKind;
  leafInput: Buffer;
  leafHash: Buffer;
}

export interface NodeRow {
  level: number;
  index: number;
  hash: Buffer;
}

export interface CheckpointRow {
  id: string;
  size: number;
  rootHash: Buffer;
  note: string;
  keyId: string;
  createdAt: Date;
}

const CHECKPOINT_COLUMNS = `id, size::float8 AS size, root_hash AS "rootHash", note, key_id AS "keyId", created_at AS "createdAt"`;


/** The transparency log's tables. Appends are serialized per tenant by a transaction lock. */
export class LogRepository {
  constructor(private readonly db: Database) {}

  /** Takes the tenant's append lock until the transaction ends; returns the log size under it. */
  /**
   * Takes the tenant's append lock (held until the transaction ends) and reads the log size and the
   * hashes of its frontier — the perfect subtrees whose concatenation is the whole log, one per set
   * bit of the size — after the lock, so they include every earlier append (one database call).
   */
  async lockForAppend(): Promise<AppendLock> {
    // A log write still waiting for COMMIT is invisible here: an append after it would reuse its leaf indices.
    if (this.db.hasWritesAtCommit()) throw new Error('this transaction has writes waiting for its commit; the log cannot be appended to after them');
    const rows = await this.db.preparedQuery<{ level: number; idx: number; hash: Buffer | null }>(
      `SELECT f_level AS level, f_index AS idx, f_hash AS hash FROM ctxvault_lock_log_frontier()`,
      [],
    );
    return appendLockOf(rows);
  }

  async size(): Promise<number> {
    const rows = await this.db.preparedQuery<{ n: number | null }>(`SELECT (max(leaf_index) + 1)::float8 AS n FROM log_leaves WHERE tenant_id = $1`, [this.db.tenantId()]);
    return rows[0].n ?? 0;
  }

  /**
   * Appended leaves and the perfect subtrees they complete, in one statement; with `atCommit`, sent
   * with the transaction's COMMIT instead (Database.withCommit): for the last append of a unit of work.
   */
  async insertTree(leaves: LeafRow[], nodes: NodeRow[], atCommit = false): Promise<void> {
    if (!leaves.length) return;
    if (atCommit) {
      const tenant = sqlLiteral(this.db.tenantId());
      const sql = [
        `INSERT INTO log_leaves (tenant_id, leaf_index, kind, leaf_input, leaf_hash) VALUES ${leaves.map((l) => `(${tenant}, ${sqlInteger(l.leafIndex)}, ${sqlLiteral(l.kind)}, ${sqlBytes(l.leafInput)}, ${sqlBytes(l.leafHash)})`).join(', ')}`,
        ...(nodes.length ? [`INSERT INTO log_nodes (tenant_id, level, node_index, hash) VALUES ${nodes.map((n) => `(${tenant}, ${sqlInteger(n.level)}, ${sqlInteger(n.index)}, ${sqlBytes(n.hash)})`).join(', ')}`] : []),
      ];
      for (const statement of sql) this.db.withCommit(statement);
      return;
    }
    await this.db.preparedQuery(
      `WITH leaves AS (
         INSERT INTO log_leaves (tenant_id, leaf_index, kind, leaf_input, leaf_hash)
         SELECT $1, i, k, inp, h FROM unnest($2::bigint[], $3::text[], $4::bytea[], $5::bytea[]) AS t(i, k, inp, h) ORDER BY i
       )
       INSERT INTO log_nodes (tenant_id, level, node_index, hash)
       SELECT $1, l, i, h FROM unnest($6::smallint[], $7::bigint[], $8::bytea[]) AS t(l, i, h)`,
      [
        this.db.tenantId(),
        leaves.map((l) => l.leafIndex),
        leaves.map((l) => l.kind),
        leaves.map((l) => l.leafInput),
        leaves.map((l) => l.leafHash),
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
      ],
    );
  }

  /** Hashes of perfect subtrees: level 0 from the leaves, higher levels from the stored nodes. */
  async hashes(refs: Array<{ level: number; index: number }>): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    if (!refs.length) return out;
    const rows = await this.db.preparedQuery<{ level: number; idx: number; hash: Buffer }>(
      `SELECT 0 AS level, leaf_index::float8 AS idx, leaf_hash AS hash FROM log_leaves
         WHERE tenant_id = $1 AND leaf_index = ANY($2::bigint[])
       UNION ALL
       SELECT n.level, n.node_index::float8, n.hash FROM log_nodes n
         JOIN unnest($3::smallint[], $4::bigint[]) AS r(l, i) ON n.level = r.l AND n.node_index = r.i
         WHERE n.tenant_id = $1`,
      [
        this.db.tenantId(),
        refs.filter((r) => r.level === 0).map((r) => r.index),
        refs.filter((r) => r.level > 0).map((r) => r.level),
        refs.filter((r) => r.level > 0).map((r) => r.index),
      ],
    );
    for (const r of rows) out.set(`${r.level}:${r.idx}`, r.hash);
    return out;
  }

  /**
   * Hashes of perfect subtrees together with the current log size, in one prepared statement: the
   * read behind every proof. Level 0 comes from the leaves, higher levels from the stored nodes.
   */
  async proofHashes(refs: Array<{ level: number; index: number }>): Promise<{ size: number; hashes: Map<string, Buffer> }> {
    const rows = await this.db.prepared<{ level: number; idx: number; hash: Buffer | null }>(
      'ctxvault_log_proof_hashes',
      `SELECT -1 AS level, coalesce((SELECT leaf_index FROM log_leaves WHERE tenant_id = $1 ORDER BY leaf_index DESC LIMIT 1) + 1, 0)::float8 AS idx, NULL::bytea AS hash
       UNION ALL
       SELECT 0, leaf_index::float8, leaf_hash FROM log_leaves WHERE tenant_id = $1 AND leaf_index = ANY($2::bigint[])
       UNION ALL
       SELECT n.level, n.node_index::float8, n.hash FROM unnest($3::smallint[], $4::bigint[]) AS r(l, i)
         JOIN log_nodes n ON n.tenant_id = $1 AND n.level = r.l AND n.node_index = r.i`,
      [
        this.db.tenantId(),
        refs.filter((r) => r.level === 0).map((r) => r.index),
        refs.filter((r) => r.level > 0).map((r) => r.level),
        refs.filter((r) => r.level > 0).map((r) => r.index),
      ],
    );
    return sizeAndHashes(rows);
  }

  leaves(from: number, limit: number): Promise<LeafRow[]> {
    return this.db.manager().query(
      `SELECT leaf_index::float8 AS "leafIndex", kind, leaf_input AS "leafInput", leaf_hash AS "leafHash" FROM log_leaves
       WHERE tenant_id = $1 AND leaf_index >= $2 ORDER BY leaf_index LIMIT $3`,
      [this.db.tenantId(), from, limit],
    );
  }

  leafAt(index: number): Promise<LeafRow | undefined> {
    return this.leaves(index, 1).then((rows) => (rows[0]?.leafIndex === index ? rows[0] : undefined));
  }

  nodes(fromLevel: number, limit: number, after?: { level: number; index: number }): Promise<NodeRow[]> {
    return this.db.manager().query(
      `SELECT level, node_index::float8 AS index, hash FROM log_nodes
       WHERE tenant_id = $1 AND level >= $2 AND ($3::int IS NULL OR (level, node_index) > ($3, $4::bigint))
       ORDER BY level, node_index LIMIT $5`,
      [this.db.tenantId(), fromLevel, after?.level ?? null, after?.index ?? null, limit],
    );
  }

  async insertCheckpoint(row: Omit<CheckpointRow, 'createdAt'>): Promise<CheckpointRow> {
    const rows: CheckpointRow[] = await this.db.manager().query(
      `INSERT INTO log_checkpoints (tenant_id, id, size, root_hash, note, key_id) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${CHECKPOINT_COLUMNS}`,
      [this.db.tenantId(), row.id, row.size, row.rootHash, row.note, row.keyId],
    );
    return rows[0];
  }

  async latestCheckpoint(): Promise<CheckpointRow | null> {
    const rows = await this.db.preparedQuery<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints WHERE tenant_id = $1 ORDER BY size DESC, created_at DESC LIMIT 1`, [
      this.db.tenantId(),
    ]);
    return rows[0] ?? null;
  }

  checkpoints(afterSize = -1, limit = 100_000): Promise<CheckpointRow[]> {
    return this.db
      .manager()
      .query(`SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints WHERE tenant_id = $1 AND size > $2 ORDER BY size, created_at LIMIT $3`, [
        this.db.tenantId(),
        afterSize,
        limit,
      ]);
  }
}

/** Rows of a size-and-hashes read: level -1 carries the log size, every other row a subtree hash keyed `level:index`. */
/**
 * The tenant's append lock, held by this transaction, with the log size and frontier hashes read
 * after it was taken. Good for one append: any other append in the transaction makes it stale.
 */
export interface AppendLock {
  size: number;
  frontier: Map<string, Buffer>;
}

/** An AppendLock from the rows of ctxvault_lock_log_frontier() (level -1 carries the size). */
export function appendLockOf(rows: Array<{ level: number; idx: number; hash: Buffer | null }>): AppendLock {
  const { size, hashes } = sizeAndHashes(rows);
  return { size, frontier: hashes };
}

function sizeAndHashes(rows: Array<{ level: number; idx: number; hash: Buffer | null }>): { size: number; hashes: Map<string, Buffer> } {
  const hashes = new Map<string, Buffer>();
  let size = 0;
  for (const r of rows) {
    if (r.level === -1) size = r.idx;
    else hashes.set(`${r.level}:${r.idx}`, r.hash!);
  }
  return { size, hashes };
}
