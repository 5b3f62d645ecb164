import { Database } from '../database';

export interface SigningKeyRow {
  keyId: string;
  algorithm: string;
  publicKey: Buffer;
  privateKeyEnc: Buffer;
  record: Buffer;
  leafIndex: number;
  createdAt: Date;
  retiredAt: Date | null;
}

const COLUMNS = `key_id AS "keyId", algorithm, public_key AS "publicKey", private_key_enc AS "privateKeyEnc", record,
  leaf_index::float8 AS "leafIndex", created_at AS "createdAt", retired_at AS "retiredAt"`;

export class SigningKeyRepository {
  constructor(private readonly db: Database) {}

  async active(): Promise<SigningKeyRow | null> {
    const rows: SigningKeyRow[] = await this.db
      .manager()
      .query(`SELECT ${COLUMNS} FROM signing_keys WHERE tenant_id = $1 AND retired_at IS NULL`, [this.db.tenantId()]);
    return rows[0] ?? null;
  }

  /** Every key the tenant ever had, oldest first. */
  history(): Promise<SigningKeyRow[]> {
    return this.db.preparedQuery(`SELECT ${COLUMNS} FROM signing_keys WHERE tenant_id = $1 ORDER BY created_at, key_id`, [this.db.tenantId()]);
  }

  async insert(row: Omit<SigningKeyRow, 'createdAt' | 'retiredAt' | 'algorithm'>): Promise<void> {
    await this.db.manager().query(
      `INSERT INTO signing_keys (tenant_id, key_id, public_key, private_key_enc, record, leaf_index) VALUES ($1, $2, $3, $4, $5, $6)`,
      [this.db.tenantId(), row.keyId, row.publicKey, row.privateKeyEnc, row.record, row.leafIndex],
    );
  }

  async retire(keyId: string): Promise<void> {
    await this.db
      .manager()
      .query(`UPDATE signing_keys SET retired_at = now() WHERE tenant_id = $1 AND key_id = $2 AND retired_at IS NULL`, [this.db.tenantId(), keyId]);
  }
}
