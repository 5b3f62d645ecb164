import { Database } from '../database';
import { filterSql, hasFilter, SearchFilter, statementName } from './lexical-index';

export interface NewChunk {
  id: string;
  documentId: string;
  versionId: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
  sha256: Buffer;
  embedding: number[];
}

export interface NewFlag {
  id: string;
  documentId: string;
  versionId: string;
  chunkOrdinal: number | null;
  code: string;
  severity: string;
  detector: string;
  detectorVersion: string;
  start: number | null;
  end: number | null;
  message: string;
}

export interface VectorHit {
  chunkId: string;
  documentId: string;
  versionId: string;
  /** Cosine similarity to the query. */
  score: number;
}

export interface ChunkText {
  chunkId: string;
  documentId: string;
  versionId: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
}

/** pgvector's text form of an embedding (7 significant digits, tiny values as 0). */
const vectorLiteral = (v: number[]) => '[' + v.map((x) => (Math.abs(x) < 1e-9 ? 0 : x.toPrecision(7))).join(',') + ']';

/** Most index rows one vector search reads (the over-fetch before liveness and filters). */
const VECTOR_MAX_SCAN = 5000;

export class ChunkRepository {
  constructor(private readonly db: Database) {}

  /** Creates the tenant's chunk partition (with its own HNSW and full-text indexes) when missing. */
  async ensurePartition(): Promise<void> {
    await this.db.manager().query(`SELECT ctxvault_ensure_chunk_partition()`);
  }

  async insertMany(chunks: NewChunk[]): Promise<void> {
    if (!chunks.length) return;
    await this.db.manager().query(
      `INSERT INTO chunks (tenant_id, id, document_id, version_id, ordinal, text, start_offset, end_offset, sha256, embedding)
       SELECT $1, i, d, v, o, t, s, e, h, emb::vector
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::int[], $8::int[], $9::bytea[], $10::text[]) AS x(i, d, v, o, t, s, e, h, emb)`,
      [
        this.db.tenantId(),
        chunks.map((c) => c.id),
        chunks.map((c) => c.documentId),
        chunks.map((c) => c.versionId),
        chunks.map((c) => c.ordinal),
        chunks.map((c) => c.text),
        chunks.map((c) => c.start),
        chunks.map((c) => c.end),
        chunks.map((c) => c.sha256),
        chunks.map((c) => vectorLiteral(c.embedding)),
      ],
    );
  }

  async insertFlags(flags: NewFlag[]): Promise<void> {
    if (!flags.length) return;
    await this.db.manager().query(
      `INSERT INTO flags (tenant_id, id, document_id, version_id, chunk_ordinal, code, severity, detector, detector_version, span_start, span_end, message)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::text[])`,
      [
        this.db.tenantId(),
        flags.map((f) => f.id),
        flags.map((f) => f.documentId),
        flags.map((f) => f.versionId),
        flags.map((f) => f.chunkOrdinal),
        flags.map((f) => f.code),
        flags.map((f) => f.severity),
        flags.map((f) => f.detector),
        flags.map((f) => f.detectorVersion),
        flags.map((f) => f.start),
        flags.map((f) => f.end),
        flags.map((f) => f.message),
      ],
    );
  }

  /**
   * Nearest chunks by cosine distance among the current versions of live documents, in the
   * tenant's own partition (its own HNSW index). The index is walked first (an ordered scan of the
   * partition alone, iterative so it yields as many rows as asked), over-fetching so that chunks of
   * replaced versions, deleted documents or, with filters, documents filtered out can be dropped
   * after the join; a search whose filters exclude most of the tenant may get fewer vector
   * candidates (BM25 applies the same filters exactly).
   */
  async searchVector(embedding: number[], limit: number, efSearch: number, filter: SearchFilter = {}): Promise<VectorHit[]> {
    const m = this.db.manager();
    const over = Math.min(VECTOR_MAX_SCAN, limit * (hasFilter(filter) ? 10 : 2));
    await m.query(`SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`, [String(Math.min(1000, Math.max(efSearch, limit)))]);
    const f = filterSql(filter, 5);
    const sql = `WITH nearest AS MATERIALIZED (
         SELECT c.id, c.document_id, c.version_id, c.embedding <=> $2::vector AS distance
         FROM chunks c WHERE c.tenant_id = $1 ORDER BY c.embedding <=> $2::vector LIMIT $4
       )
       SELECT n.id AS "chunkId", n.document_id AS "documentId", n.version_id AS "versionId", 1 - n.distance AS score
       FROM nearest n
       JOIN documents d ON d.tenant_id = $1 AND d.id = n.document_id
       WHERE d.tombstoned_at IS NULL AND n.version_id = d.current_version_id${f.sql}
       ORDER BY n.distance LIMIT $3`;
    return this.db.prepared(statementName('vector', sql), sql, [this.db.tenantId(), vectorLiteral(embedding), limit, over, ...f.params]);
  }

  /** Chunks by id (text, offsets, version), in no particular order. */
  byIds(ids: string[]): Promise<ChunkText[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.manager().query(
      `SELECT c.id AS "chunkId", c.document_id AS "documentId", c.version_id AS "versionId", c.ordinal, c.text, c.start_offset AS start, c.end_offset AS "end"
       FROM chunks c WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
      [this.db.tenantId(), ids],
    );
  }

  /** Open flags of these versions (all severities), for the results and the withholding decision. */
  openFlags(versionIds: string[]): Promise<Array<{ versionId: string; chunkOrdinal: number | null; code: string; severity: string; detector: string; start: number | null; end: number | null; message: string }>> {
    if (!versionIds.length) return Promise.resolve([]);
    return this.db.manager().query(
      `SELECT version_id AS "versionId", chunk_ordinal AS "chunkOrdinal", code, severity, detector, span_start AS start, span_end AS "end", message
       FROM flags WHERE tenant_id = $1 AND version_id = ANY($2::uuid[]) AND status <> 'cleared'`,
      [this.db.tenantId(), versionIds],
    );
  }

  ofVersion(versionId: string): Promise<Array<{ ordinal: number; text: string; start: number; end: number }>> {
    return this.db.manager().query(
      `SELECT ordinal, text, start_offset AS start, end_offset AS "end" FROM chunks WHERE tenant_id = $1 AND version_id = $2 ORDER BY ordinal`,
      [this.db.tenantId(), versionId],
    );
  }

  flagsOfVersion(versionId: string): Promise<Array<{ code: string; severity: string; detector: string; chunkOrdinal: number | null; start: number | null; end: number | null; message: string }>> {
    return this.db.manager().query(
      `SELECT code, severity, detector, chunk_ordinal AS "chunkOrdinal", span_start AS start, span_end AS "end", message FROM flags
       WHERE tenant_id = $1 AND version_id = $2 ORDER BY chunk_ordinal NULLS FIRST, span_start`,
      [this.db.tenantId(), versionId],
    );
  }
}
