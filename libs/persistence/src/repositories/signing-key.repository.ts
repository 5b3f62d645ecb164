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

/** A signing_keys row (alias k) as JSON, byte columns in base64: see signingKeyFromJson. */
export const SIGNING_KEY_JSON = `json_build_object('keyId', k.key_id, 'algorithm', k.algorithm, 'publicKey', encode(k.public_key, 'base64'),
  'privateKeyEnc', encode(k.private_key_enc, 'base64'), 'record', encode(k.record, 'base64'), 'leafIndex', k.leaf_index::float8,
  'createdAt', k.created_at, 'retiredAt', k.retired_at)`;

/** The row SIGNING_KEY_JSON wrote. */
export function signingKeyFromJson(j: Record<string, unknown>): SigningKeyRow {
  return {
    keyId: String(j.keyId),
    algorithm: String(j.algorithm),
    publicKey: Buffer.from(String(j.publicKey), 'base64'),
    privateKeyEnc: Buffer.from(String(j.privateKeyEnc), 'base64'),
    record: Buffer.from(String(j.record), 'base64'),
    leafIndex: Number(j.leafIndex),
    createdAt: new Date(String(j.createdAt)),
    retiredAt: j.retiredAt ? new Date(String(j.retiredAt)) : null,
  };
}

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
