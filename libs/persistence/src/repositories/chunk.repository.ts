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

/** A flag's review state: open until a security reviewer clears or confirms it. */
export type FlagStatus = 'open' | 'cleared' | 'confirmed';

/** A flag of the current detector run (not superseded by a rescan), with its review. */
export interface StoredFlag extends Omit<NewFlag, 'documentId'> {
  status: FlagStatus;
  /** The last review decision: who (API key id and name), when, and the note. */
  review: { at: string; keyId: string; keyName: string; note: string } | null;
}

/** The condition on `flags` rows of the current detector run (a rescan supersedes the rest). */
export const LIVE_FLAG = `superseded_at IS NULL`;
/** A live flag not cleared by a review: it still counts against its document. */
export const inForce = (f: { status: string }) => f.status !== 'cleared';

/** StoredFlag as a json_build_object over `flags` alias `f`. */
export const FLAG_JSON = `json_build_object('id', f.id, 'versionId', f.version_id, 'chunkOrdinal', f.chunk_ordinal, 'code', f.code, 'severity', f.severity,
  'detector', f.detector, 'detectorVersion', f.detector_version, 'start', f.span_start, 'end', f.span_end, 'message', f.message, 'status', f.status,
  'review', CASE WHEN f.reviewed_at IS NULL THEN NULL ELSE json_build_object('at', f.reviewed_at, 'keyId', f.reviewed_by_key, 'keyName', f.reviewed_by_name, 'note', f.review_note) END)`;
export const FLAG_ORDER = `f.chunk_ordinal NULLS FIRST, f.span_start, f.code, f.id`;

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

  /** Live flags of these versions (all severities and statuses), for the results and the withholding decision. */
  async liveFlags(versionIds: string[]): Promise<StoredFlag[]> {
    if (!versionIds.length) return [];
    const rows: Array<{ flag: StoredFlag }> = await this.db.preparedQuery(
      `SELECT ${FLAG_JSON} AS flag FROM flags f WHERE f.tenant_id = $1 AND f.version_id = ANY($2::uuid[]) AND f.${LIVE_FLAG} ORDER BY ${FLAG_ORDER}`,
      [this.db.tenantId(), versionIds],
    );
    return rows.map((r) => r.flag);
  }

  /** The chunks of these versions, in version and chunk order (one statement for a rescan batch). */
  ofVersions(versionIds: string[]): Promise<Array<{ versionId: string; ordinal: number; text: string; start: number; end: number }>> {
    if (!versionIds.length) return Promise.resolve([]);
    return this.db.manager().query(
      `SELECT version_id AS "versionId", ordinal, text, start_offset AS start, end_offset AS "end" FROM chunks
       WHERE tenant_id = $1 AND version_id = ANY($2::uuid[]) ORDER BY version_id, ordinal`,
      [this.db.tenantId(), versionIds],
    );
  }

  ofVersion(versionId: string): Promise<Array<{ ordinal: number; text: string; start: number; end: number }>> {
    return this.db.manager().query(
      `SELECT ordinal, text, start_offset AS start, end_offset AS "end" FROM chunks WHERE tenant_id = $1 AND version_id = $2 ORDER BY ordinal`,
      [this.db.tenantId(), versionId],
    );
  }

  /** Every flag ever raised on a version, superseded ones too (their time), with reviews: a document's flag history. */
  async flagsOfVersion(versionId: string): Promise<Array<StoredFlag & { supersededAt: string | null }>> {
    const rows: Array<{ flag: StoredFlag; supersededAt: Date | null }> = await this.db.manager().query(
      `SELECT ${FLAG_JSON} AS flag, f.superseded_at AS "supersededAt" FROM flags f WHERE f.tenant_id = $1 AND f.version_id = $2 ORDER BY ${FLAG_ORDER}`,
      [this.db.tenantId(), versionId],
    );
    return rows.map((r) => ({ ...r.flag, supersededAt: r.supersededAt ? new Date(r.supersededAt).toISOString() : null }));
  }
}
