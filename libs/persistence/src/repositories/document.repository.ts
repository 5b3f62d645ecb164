import { Database } from '../database';
import { FLAG_JSON, FLAG_ORDER, LIVE_FLAG, StoredFlag } from './chunk.repository';
import { LexicalIndex } from './lexical-index';

export interface DocumentRow {
  id: string;
  sourceKind: string;
  sourceRef: string;
  externalId: string;
  url: string | null;
  title: string | null;
  currentVersionId: string | null;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  tombstonedAt: Date | null;
  kind: string;
  authorId: string | null;
  authorName: string | null;
  authorKind: string | null;
  sourceCreatedAt: Date | null;
  sourceUpdatedAt: Date | null;
  trustTier: number;
}

/** A chunk as a search result shows it. */
export interface ServedChunk {
  id: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
}

/** What a new current version says about its document. */
export interface CurrentVersionFacts {
  documentId: string;
  versionId: string;
  version: number;
  url: string | null;
  title: string | null;
  kind: string;
  authorId: string;
  authorName: string | null;
  authorKind: string;
  sourceCreatedAt: string | null;
  sourceUpdatedAt: string | null;
}

export interface VersionRow {
  id: string;
  documentId: string;
  version: number;
  content: string | null;
  contentSha256: Buffer;
  parentVersionId: string | null;
  statementId: string;
  createdAt: Date;
  purgedAt: Date | null;
}

const DOC = `id, source_kind AS "sourceKind", source_ref AS "sourceRef", external_id AS "externalId", url, title,
  current_version_id AS "currentVersionId", current_version AS "currentVersion", created_at AS "createdAt",
  updated_at AS "updatedAt", tombstoned_at AS "tombstonedAt", kind, author_id AS "authorId", author_name AS "authorName",
  author_kind AS "authorKind", source_created_at AS "sourceCreatedAt", source_updated_at AS "sourceUpdatedAt", trust_tier AS "trustTier"`;
const VER = `id, document_id AS "documentId", version, content, content_sha256 AS "contentSha256",
  parent_version_id AS "parentVersionId", statement_id AS "statementId", created_at AS "createdAt", purged_at AS "purgedAt"`;

/** A document's current state, as needed to record its next version. */
export interface CurrentState {
  id: string;
  sourceRef: string;
  externalId: string;
  tombstoned: boolean;
  version: number;
  versionId: string | null;
  contentSha256: Buffer | null;
  statementId: string | null;
  leafIndex: number | null;
  envelopeSha256: Buffer | null;
}

export class DocumentRepository {
  constructor(private readonly db: Database) {}

  /** Current state of many documents at once, by (source ref, external id). */
  currentStates(keys: Array<{ sourceRef: string; externalId: string }>): Promise<CurrentState[]> {
    if (!keys.length) return Promise.resolve([]);
    return this.db.manager().query(
      `SELECT d.id, d.source_ref AS "sourceRef", d.external_id AS "externalId", d.tombstoned_at IS NOT NULL AS tombstoned,
              d.current_version AS version, d.current_version_id AS "versionId", v.content_sha256 AS "contentSha256",
              s.id AS "statementId", s.leaf_index::float8 AS "leafIndex", s.envelope_sha256 AS "envelopeSha256"
       FROM unnest($2::text[], $3::text[]) AS k(source_ref, external_id)
       JOIN documents d ON d.tenant_id = $1 AND d.source_ref = k.source_ref AND d.external_id = k.external_id
       LEFT JOIN document_versions v ON v.tenant_id = $1 AND v.id = d.current_version_id
       LEFT JOIN statements s ON s.tenant_id = $1 AND s.id = v.statement_id`,
      [this.db.tenantId(), keys.map((k) => k.sourceRef), keys.map((k) => k.externalId)],
    );
  }

  async insertDocuments(docs: Array<{ id: string; sourceKind: string; sourceRef: string; externalId: string; url: string | null; title: string | null }>): Promise<void> {
    if (!docs.length) return;
    await this.db.manager().query(
      `INSERT INTO documents (tenant_id, id, source_kind, source_ref, external_id, url, title)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [this.db.tenantId(), docs.map((d) => d.id), docs.map((d) => d.sourceKind), docs.map((d) => d.sourceRef), docs.map((d) => d.externalId), docs.map((d) => d.url), docs.map((d) => d.title)],
    );
  }

  async insertVersions(vs: Array<Omit<VersionRow, 'createdAt' | 'purgedAt'>>): Promise<void> {
    if (!vs.length) return;
    await this.db.manager().query(
      `INSERT INTO document_versions (tenant_id, id, document_id, version, content, content_sha256, parent_version_id, statement_id)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::bytea[], $7::uuid[], $8::uuid[])`,
      [
        this.db.tenantId(),
        vs.map((v) => v.id),
        vs.map((v) => v.documentId),
        vs.map((v) => v.version),
        vs.map((v) => v.content),
        vs.map((v) => v.contentSha256),
        vs.map((v) => v.parentVersionId),
        vs.map((v) => v.statementId),
      ],
    );
  }

  /** Points each document at its newest version and its facts (the last of a document in the list wins). */
  async setCurrentMany(rows: CurrentVersionFacts[]): Promise<void> {
    if (!rows.length) return;
    const last = new Map(rows.map((r) => [r.documentId, r]));
    const list = [...last.values()];
    const col = <K extends keyof CurrentVersionFacts>(k: K) => list.map((r) => r[k] ?? null);
    await this.db.manager().query(
      `UPDATE documents d SET current_version_id = u.vid, current_version = u.ver, url = u.url, title = u.title, updated_at = now(), tombstoned_at = NULL,
              kind = u.kind, author_id = u.aid, author_name = u.aname, author_kind = u.akind, source_created_at = u.sc, source_updated_at = u.su
       FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
            AS u(id, vid, ver, url, title, kind, aid, aname, akind, sc, su)
       WHERE d.tenant_id = $1 AND d.id = u.id`,
      [
        this.db.tenantId(),
        col('documentId'),
        col('versionId'),
        col('version'),
        col('url'),
        col('title'),
        col('kind'),
        col('authorId'),
        col('authorName'),
        col('authorKind'),
        col('sourceCreatedAt'),
        col('sourceUpdatedAt'),
      ],
    );
  }

  async findById(id: string): Promise<DocumentRow | null> {
    const rows: DocumentRow[] = await this.db.manager().query(`SELECT ${DOC} FROM documents WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  /** Every version of a document with the statement that signed it, oldest first. */
  history(documentId: string): Promise<Array<{ versionId: string; version: number; contentSha256: Buffer; createdAt: Date; purgedAt: Date | null; statementId: string; keyId: string; leafIndex: number; envelope: Buffer }>> {
    return this.db.manager().query(
      `SELECT v.id AS "versionId", v.version, v.content_sha256 AS "contentSha256", v.created_at AS "createdAt", v.purged_at AS "purgedAt",
              s.id AS "statementId", s.key_id AS "keyId", s.leaf_index::float8 AS "leafIndex", s.envelope
       FROM document_versions v JOIN statements s ON s.tenant_id = v.tenant_id AND s.id = v.statement_id
       WHERE v.tenant_id = $1 AND v.document_id = $2 ORDER BY v.version`,
      [this.db.tenantId(), documentId],
    );
  }

  /** Marks a document deleted at its source and drops its chunks from the lexical index. */
  async markTombstoned(documentId: string): Promise<void> {
    const m = this.db.manager();
    await m.query(`UPDATE documents SET tombstoned_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), documentId]);
    await new LexicalIndex(this.db).reindexDocuments([documentId]);
  }

  /** Which of these authors already wrote a document in the tenant, and whether the source has finished a sync before. */
  async authorHistory(sourceId: string, authorIds: string[]): Promise<{ sourceSynced: boolean; known: Set<string> }> {
    const [row] = await this.db.manager().query(
      `SELECT EXISTS (SELECT 1 FROM sync_runs WHERE tenant_id = $1 AND source_id = $2 AND status = 'succeeded') AS synced,
              coalesce((SELECT array_agg(DISTINCT author_id) FROM documents WHERE tenant_id = $1 AND author_id = ANY($3::text[])), '{}') AS known`,
      [this.db.tenantId(), sourceId, authorIds],
    );
    return { sourceSynced: row.synced, known: new Set(row.known as string[]) };
  }

  /**
   * Documents to serve, with the live flags of their current versions (what a search needs to rank,
   * withhold and show) and, for each, the chunk a search chose from it (chunkIds[i] for ids[i]; null
   * when that chunk is gone): one statement for all three.
   */
  findForServing(ids: string[], chunkIds: string[]): Promise<Array<DocumentRow & { flags: StoredFlag[]; chunk: ServedChunk | null }>> {
    if (!ids.length) return Promise.resolve([]);
    if (chunkIds.length !== ids.length) throw new Error('findForServing needs one chunk id per document id');
    return this.db.preparedQuery(
      `SELECT ${DOC},
              coalesce((SELECT json_agg(${FLAG_JSON} ORDER BY ${FLAG_ORDER}) FROM flags f
                        WHERE f.tenant_id = d.tenant_id AND f.version_id = d.current_version_id AND f.${LIVE_FLAG}), '[]'::json) AS "flags",
              served.chunk
       FROM unnest($2::uuid[], $3::uuid[]) AS want(document_ref, chunk_ref)
       JOIN documents d ON d.tenant_id = $1 AND d.id = want.document_ref
       LEFT JOIN LATERAL (SELECT json_build_object('id', c.id, 'ordinal', c.ordinal, 'text', c.text, 'start', c.start_offset, 'end', c.end_offset) AS chunk
                          FROM chunks c WHERE c.tenant_id = $1 AND c.id = want.chunk_ref) served ON true`,
      [this.db.tenantId(), ids, chunkIds],
    );
  }

  async version(id: string): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.db.manager().query(`SELECT ${VER} FROM document_versions WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

}
