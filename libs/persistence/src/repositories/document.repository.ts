import { Database } from '../database';

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
  updated_at AS "updatedAt", tombstoned_at AS "tombstonedAt"`;
const VER = `id, document_id AS "documentId", version, content, content_sha256 AS "contentSha256",
  parent_version_id AS "parentVersionId", statement_id AS "statementId", created_at AS "createdAt", purged_at AS "purgedAt"`;

export class DocumentRepository {
  constructor(private readonly db: Database) {}

  async findByExternal(sourceRef: string, externalId: string): Promise<DocumentRow | null> {
    const rows: DocumentRow[] = await this.db
      .manager()
      .query(`SELECT ${DOC} FROM documents WHERE tenant_id = $1 AND source_ref = $2 AND external_id = $3`, [this.db.tenantId(), sourceRef, externalId]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<DocumentRow | null> {
    const rows: DocumentRow[] = await this.db.manager().query(`SELECT ${DOC} FROM documents WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  async insertDocument(d: { id: string; sourceKind: string; sourceRef: string; externalId: string; url: string | null; title: string | null }): Promise<void> {
    await this.db.manager().query(
      `INSERT INTO documents (tenant_id, id, source_kind, source_ref, external_id, url, title) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.db.tenantId(), d.id, d.sourceKind, d.sourceRef, d.externalId, d.url, d.title],
    );
  }

  async insertVersion(v: Omit<VersionRow, 'createdAt' | 'purgedAt'>): Promise<void> {
    await this.db.manager().query(
      `INSERT INTO document_versions (tenant_id, id, document_id, version, content, content_sha256, parent_version_id, statement_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [this.db.tenantId(), v.id, v.documentId, v.version, v.content, v.contentSha256, v.parentVersionId, v.statementId],
    );
  }

  async setCurrent(documentId: string, versionId: string, version: number, url: string | null, title: string | null): Promise<void> {
    await this.db.manager().query(
      `UPDATE documents SET current_version_id = $3, current_version = $4, url = $5, title = $6, updated_at = now(), tombstoned_at = NULL
       WHERE tenant_id = $1 AND id = $2`,
      [this.db.tenantId(), documentId, versionId, version, url, title],
    );
  }

  async markTombstoned(documentId: string): Promise<void> {
    await this.db
      .manager()
      .query(`UPDATE documents SET tombstoned_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), documentId]);
  }

  async version(id: string): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.db.manager().query(`SELECT ${VER} FROM document_versions WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  versionsOf(documentId: string): Promise<VersionRow[]> {
    return this.db
      .manager()
      .query(`SELECT ${VER} FROM document_versions WHERE tenant_id = $1 AND document_id = $2 ORDER BY version`, [this.db.tenantId(), documentId]);
  }

  allVersions(afterId: string | null, limit: number): Promise<VersionRow[]> {
    return this.db.manager().query(
      `SELECT ${VER} FROM document_versions WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [this.db.tenantId(), afterId, limit],
    );
  }
}
