import { Database } from '../database';
import { AppendLock, appendLockOf, CheckpointRow } from './log.repository';
import { SIGNING_KEY_JSON, signingKeyFromJson, SigningKeyRow } from './signing-key.repository';

export interface StatementRow {
  id: string;
  kind: 'statement' | 'tombstone';
  documentId: string;
  versionId: string | null;
  envelope: Buffer;
  envelopeSha256: Buffer;
  keyId: string;
  leafIndex: number;
  createdAt: Date;
}

const COLUMNS = `id, kind, document_id AS "documentId", version_id AS "versionId", envelope, envelope_sha256 AS "envelopeSha256",
  key_id AS "keyId", leaf_index::float8 AS "leafIndex", created_at AS "createdAt"`;

export class StatementRepository {
  constructor(private readonly db: Database) {}

  async insertMany(rows: Array<Omit<StatementRow, 'createdAt'>>): Promise<void> {
    if (!rows.length) return;
    await this.db.manager().query(
      `INSERT INTO statements (tenant_id, id, kind, document_id, version_id, envelope, envelope_sha256, key_id, leaf_index)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::bytea[], $7::bytea[], $8::text[], $9::bigint[])`,
      [
        this.db.tenantId(),
        rows.map((r) => r.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.documentId),
        rows.map((r) => r.versionId),
        rows.map((r) => r.envelope),
        rows.map((r) => r.envelopeSha256),
        rows.map((r) => r.keyId),
        rows.map((r) => r.leafIndex),
      ],
    );
  }

  async findById(id: string): Promise<StatementRow | null> {
    const rows: StatementRow[] = await this.db.manager().query(`SELECT ${COLUMNS} FROM statements WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  ofDocument(documentId: string): Promise<StatementRow[]> {
    return this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM statements WHERE tenant_id = $1 AND document_id = $2 ORDER BY leaf_index`, [this.db.tenantId(), documentId]);
  }

  /**
   * The latest statement of each of these documents (in no particular order) and the tenant's latest
   * checkpoint (null when it has none), in one read. Each statement comes with the stored hashes its
   * inclusion proof in that checkpoint needs (ctxvault_inclusion_refs; none when the checkpoint does
   * not cover it), keyed "level:index". With `withKeys`, also the tenant's signing keys oldest first
   * (as SigningKeyRepository.history reads them; absent when no document has a statement).
   */
  async latestOfDocumentsWithCheckpoint(
    documentIds: string[],
    withKeys = false,
    lockLog = false,
  ): Promise<{ statements: StatementRow[]; checkpoint: CheckpointRow | null; proofHashes: Map<string, Buffer | null>; keys?: SigningKeyRow[]; appendLock?: AppendLock }> {
    if (!documentIds.length) return { statements: [], checkpoint: null, proofHashes: new Map() };
    // The log's append lock rides on the once-only row too: taken here, it saves the append its own round trip.
    if (lockLog && this.db.hasWritesAtCommit()) throw new Error('this transaction has writes waiting for its commit; the log cannot be appended to after them');
    const frontier = lockLog ? `(SELECT json_agg(json_build_array(f_level, f_index, encode(f_hash, 'base64'))) FROM ctxvault_lock_log_frontier())` : 'NULL::json';
    const keys = withKeys ? `(SELECT json_agg(${SIGNING_KEY_JSON} ORDER BY k.created_at, k.key_id) FROM signing_keys k WHERE k.tenant_id = $1)` : 'NULL::json';
    type Row = StatementRow & { cp: string | null; cpSize: number; cpRootHash: Buffer; cpNote: string; cpKeyId: string; cpCreatedAt: Date; proofLevels: number[] | null; proofIndices: string[] | null; proofHashes: Array<Buffer | null> | null; keys: Array<Record<string, unknown>> | null; frontier: Array<[number, number, string | null]> | null };
    // The proofs' stored hashes (each node once, however many proofs share it) and the keys ride on one row only.
    const rows = await this.db.preparedQuery<Row>(
      `WITH cp AS (SELECT id, size, root_hash, note, key_id, created_at FROM log_checkpoints WHERE tenant_id = $1 ORDER BY size DESC, created_at DESC LIMIT 1),
       st AS MATERIALIZED (SELECT DISTINCT ON (document_id) ${COLUMNS} FROM statements WHERE tenant_id = $1 AND document_id = ANY($2::uuid[]) ORDER BY document_id, leaf_index DESC),
       refs AS (SELECT DISTINCT r.level, r.idx FROM st CROSS JOIN cp CROSS JOIN LATERAL ctxvault_inclusion_refs(st."leafIndex"::bigint, cp.size) r),
       proof AS MATERIALIZED (
         SELECT refs.level, refs.idx, l.leaf_hash AS hash FROM refs LEFT JOIN log_leaves l ON l.tenant_id = $1 AND l.leaf_index = refs.idx WHERE refs.level = 0
         UNION ALL
         SELECT refs.level, refs.idx, n.hash FROM refs LEFT JOIN log_nodes n ON n.tenant_id = $1 AND n.level = refs.level AND n.node_index = refs.idx WHERE refs.level > 0
       ),
       -- materialized: evaluated once, however the join below is planned (it may take the append lock)
       once AS MATERIALIZED (SELECT (SELECT array_agg(level ORDER BY level, idx) FROM proof) AS levels, (SELECT array_agg(idx ORDER BY level, idx) FROM proof) AS indices,
                       (SELECT array_agg(hash ORDER BY level, idx) FROM proof) AS hashes, ${keys} AS keys, ${frontier} AS frontier)
       SELECT st.*, cp.id AS cp, cp.size::float8 AS "cpSize", cp.root_hash AS "cpRootHash", cp.note AS "cpNote", cp.key_id AS "cpKeyId", cp.created_at AS "cpCreatedAt",
              once.levels AS "proofLevels", once.indices AS "proofIndices", once.hashes AS "proofHashes", once.keys, once.frontier
       FROM st LEFT JOIN cp ON true LEFT JOIN once ON st."leafIndex" = (SELECT min("leafIndex") FROM st)`,
      [this.db.tenantId(), documentIds],
    );
    const first = rows[0];
    const checkpoint = first?.cp ? { id: first.cp, size: first.cpSize, rootHash: first.cpRootHash, note: first.cpNote, keyId: first.cpKeyId, createdAt: first.cpCreatedAt } : null;
    const statements = rows.map(({ id, kind, documentId, versionId, envelope, envelopeSha256, keyId, leafIndex, createdAt }) => ({ id, kind, documentId, versionId, envelope, envelopeSha256, keyId, leafIndex, createdAt }));
    const once = rows.find((r) => r.proofLevels || r.keys || r.frontier);
    const proofHashes = new Map<string, Buffer | null>((once?.proofLevels ?? []).map((level, i) => [`${level}:${Number(once!.proofIndices![i])}`, once!.proofHashes![i]]));
    const out: { statements: StatementRow[]; checkpoint: CheckpointRow | null; proofHashes: Map<string, Buffer | null>; keys?: SigningKeyRow[]; appendLock?: AppendLock } = { statements, checkpoint, proofHashes };
    if (withKeys && first) out.keys = (once?.keys ?? []).map(signingKeyFromJson);
    if (lockLog && once?.frontier) out.appendLock = appendLockOf(once.frontier.map(([level, idx, hash]) => ({ level, idx, hash: hash === null ? null : Buffer.from(hash, 'base64') })));
    return out;
  }

  page(afterLeaf: number, limit: number): Promise<StatementRow[]> {
    return this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM statements WHERE tenant_id = $1 AND leaf_index > $2 ORDER BY leaf_index LIMIT $3`, [this.db.tenantId(), afterLeaf, limit]);
  }
}

