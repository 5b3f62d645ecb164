import { Database } from '../database';

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

/** A flag still in force (not cleared by a review). */
export interface OpenFlag {
  versionId: string;
  chunkOrdinal: number | null;
  code: string;
  severity: string;
  detector: string;
  start: number | null;
  end: number | null;
  message: string;
}

/** The condition on `flags` rows that are in force. */
export const OPEN_FLAG = `status <> 'cleared'`;
/** OpenFlag's fields (other than versionId) and their `flags` columns. */
export const OPEN_FLAG_FIELDS: Array<[keyof OpenFlag, string]> = [
  ['chunkOrdinal', 'chunk_ordinal'],
  ['code', 'code'],
  ['severity', 'severity'],
  ['detector', 'detector'],
  ['start', 'span_start'],
  ['end', 'span_end'],
  ['message', 'message'],
];

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
export const vectorLiteral = (v: number[]) => '[' + v.map((x) => (Math.abs(x) < 1e-9 ? 0 : x.toPrecision(7))).join(',') + ']';

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

  /** Chunks by id (text, offsets, version), in no particular order. */
  byIds(ids: string[]): Promise<ChunkText[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.preparedQuery(
      `SELECT c.id AS "chunkId", c.document_id AS "documentId", c.version_id AS "versionId", c.ordinal, c.text, c.start_offset AS start, c.end_offset AS "end"
       FROM chunks c WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
      [this.db.tenantId(), ids],
    );
  }

  /** Open flags of these versions (all severities), for the results and the withholding decision. */
  openFlags(versionIds: string[]): Promise<OpenFlag[]> {
    if (!versionIds.length) return Promise.resolve([]);
    return this.db.preparedQuery(
      `SELECT version_id AS "versionId", ${OPEN_FLAG_FIELDS.map(([k, col]) => `${col} AS "${k}"`).join(', ')}
       FROM flags WHERE tenant_id = $1 AND version_id = ANY($2::uuid[]) AND ${OPEN_FLAG}`,
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
