import { Database, sqlLiteral } from '../database';
import { ApiKeyEntity, ApiKeyRole } from '../entities/api-key.entity';

const COLUMNS = `tenant_id AS "tenantId", id, prefix, secret_hash AS "secretHash", name, role,
  created_at AS "createdAt", created_by AS "createdBy", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

export interface NewApiKey {
  id: string;
  prefix: string;
  secretHash: Buffer;
  name: string;
  role: ApiKeyRole;
  createdBy: string;
  expiresAt: Date | null;
}

export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Every key with this prefix, whatever its tenant: one read in the key-lookup scope (which sees
   * only the rows of this prefix), in one round trip.
   */
  findByPrefix(prefix: string): Promise<ApiKeyEntity[]> {
    return this.db.readOnce('key-lookup', { 'app.key_prefix': prefix }, `SELECT ${COLUMNS} FROM api_keys WHERE prefix = ${sqlLiteral(prefix)}`);
  }

  async insert(key: NewApiKey): Promise<ApiKeyEntity> {
    const rows: ApiKeyEntity[] = await this.db.manager().query(
      `INSERT INTO api_keys (tenant_id, id, prefix, secret_hash, name, role, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [this.db.tenantId(), key.id, key.prefix, key.secretHash, key.name, key.role, key.createdBy, key.expiresAt],
    );
    return rows[0];
  }

  async countActive(): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.manager().query(
      `SELECT count(*) AS n FROM api_keys
       WHERE tenant_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [this.db.tenantId()],
    );
    return Number(rows[0].n);
  }

  list(opts: { includeRevoked: boolean; limit: number; offset: number }): Promise<ApiKeyEntity[]> {
    return this.db.manager().query(
      `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 AND ($2 OR revoked_at IS NULL)
       ORDER BY created_at, id LIMIT $3 OFFSET $4`,
      [this.db.tenantId(), opts.includeRevoked, opts.limit, opts.offset],
    );
  }

  async findById(id: string): Promise<ApiKeyEntity | null> {
    const rows: ApiKeyEntity[] = await this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, [this.db.tenantId(), id]);
    return rows[0] ?? null;
  }

  /** Marks the key revoked; returns null when it does not exist in this tenant. Idempotent. */
  async revoke(id: string, by: string): Promise<ApiKeyEntity | null> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [ApiKeyEntity[], number] = await this.db.manager().query(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $3)
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [this.db.tenantId(), id, by],
    );
    return rows[0] ?? null;
  }
}
