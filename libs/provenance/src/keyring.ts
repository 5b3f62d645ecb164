import { KeyObject } from 'node:crypto';
import { ConflictError } from '@ctxvault/common';
import { Database, SigningKeyRepository, SigningKeyRow } from '@ctxvault/persistence';
import { canonicalBytes } from './canonical-json';
import { generateEd25519, privateKeyObject, publicKeyObject } from './ed25519';
import { sha256 } from './encoding';
import { MasterKey } from './master-key';
import { formatVerifierKey } from './signed-note';
import { TransparencyLog } from './transparency-log';

export interface ActiveKey {
  keyId: string;
  publicKey: Buffer;
  privateKey: KeyObject;
  publicKeyObject: KeyObject;
  /** The signed-note key name: the tenant's log origin. */
  noteName: string;
}

export interface KeyHistoryEntry {
  keyId: string;
  algorithm: 'ed25519';
  publicKey: string;
  vkey: string;
  createdAt: string;
  retiredAt: string | null;
  leafIndex: number;
  record: string;
}

export interface KeyHistory {
  format: 'ctxvault-keys/v1';
  tenant: string;
  origin: string;
  keys: KeyHistoryEntry[];
}

export function keyIdOf(publicKey: Uint8Array): string {
  return 'ed25519:' + sha256(publicKey).subarray(0, 8).toString('hex');
}

export function logOrigin(prefix: string, tenantId: string): string {
  return `${prefix}/${tenantId}`;
}

/**
 * A tenant's Ed25519 signing keys: one active at a time, private halves sealed under the master
 * key, every creation and rotation recorded as a `key` leaf, every public key kept forever.
 */
export class KeyRing {
  private readonly unsealed = new Map<string, ActiveKey>();

  constructor(
    private readonly db: Database,
    private readonly keys: SigningKeyRepository,
    private readonly log: TransparencyLog,
    private readonly master: MasterKey,
    private readonly originPrefix: string,
  ) {}

  origin(): string {
    return logOrigin(this.originPrefix, this.db.tenantId());
  }

  /** The active key of the current tenant, created on first use. Inside a tenant transaction. */
  async active(): Promise<ActiveKey> {
    const row = await this.keys.active();
    if (row) return this.unseal(row);
    return this.create(null);
  }

  /** Retires the active key and starts a new one; both events are in the log. */
  async rotate(): Promise<{ retired: string | null; active: ActiveKey }> {
    const current = await this.keys.active();
    if (current) await this.keys.retire(current.keyId);
    const next = await this.create(current?.keyId ?? null);
    return { retired: current?.keyId ?? null, active: next };
  }

  async history(): Promise<KeyHistory> {
    return this.historyOf(await this.keys.history());
  }

  /**
   * The key history and the active key from one read of the key table (a search verifies with the
   * one and signs its receipt with the other). The active key is created when the tenant has none.
   */
  async snapshot(): Promise<{ history: KeyHistory; active: ActiveKey }> {
    return this.snapshotOf(await this.keys.history());
  }

  /** As snapshot, from the key table as read in this transaction (every row, oldest first). */
  async snapshotOf(rows: SigningKeyRow[]): Promise<{ history: KeyHistory; active: ActiveKey }> {
    const current = rows.find((r) => !r.retiredAt);
    if (!current) {
      const active = await this.create(null);
      return { history: await this.history(), active };
    }
    return { history: this.historyOf(rows), active: this.unseal(current) };
  }

  private historyOf(rows: SigningKeyRow[]): KeyHistory {
    return {
      format: 'ctxvault-keys/v1',
      tenant: this.db.tenantId(),
      origin: this.origin(),
      keys: rows.map((r) => ({
        keyId: r.keyId,
        algorithm: 'ed25519',
        publicKey: r.publicKey.toString('base64'),
        vkey: formatVerifierKey(this.origin(), r.publicKey),
        createdAt: new Date(r.createdAt).toISOString(),
        retiredAt: r.retiredAt ? new Date(r.retiredAt).toISOString() : null,
        leafIndex: r.leafIndex,
        record: r.record.toString('base64'),
      })),
    };
  }

  private async create(previousKeyId: string | null): Promise<ActiveKey> {
    const pair = generateEd25519();
    const keyId = keyIdOf(pair.publicKey);
    const tenantId = this.db.tenantId();
    const record = canonicalBytes({
      type: 'ctxvault.signing-key/v1',
      event: previousKeyId ? 'rotated' : 'created',
      tenant: tenantId,
      keyId,
      algorithm: 'ed25519',
      publicKey: pair.publicKey.toString('base64'),
      vkey: formatVerifierKey(this.origin(), pair.publicKey),
      previousKeyId,
      at: new Date().toISOString(),
    });
    const [leafIndex] = await this.log.append([{ kind: 'key', recordedBytes: record }]);
    try {
      await this.keys.insert({
        keyId,
        publicKey: pair.publicKey,
        privateKeyEnc: this.master.seal(pair.seed, `${tenantId}:${keyId}`),
        record,
        leafIndex,
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictError('another key rotation is in progress; retry');
      throw e;
    }
    const active = this.toActive(keyId, pair.publicKey, privateKeyObject(pair.seed));
    this.unsealed.set(`${tenantId}:${keyId}`, active);
    return active;
  }

  private unseal(row: SigningKeyRow): ActiveKey {
    const cacheKey = `${this.db.tenantId()}:${row.keyId}`;
    const cached = this.unsealed.get(cacheKey);
    if (cached) return cached;
    const seed = this.master.open(row.privateKeyEnc, cacheKey);
    const active = this.toActive(row.keyId, row.publicKey, privateKeyObject(seed));
    if (this.unsealed.size > 1000) this.unsealed.delete(this.unsealed.keys().next().value!);
    this.unsealed.set(cacheKey, active);
    return active;
  }

  private toActive(keyId: string, publicKey: Buffer, privateKey: KeyObject): ActiveKey {
    return { keyId, publicKey, privateKey, publicKeyObject: publicKeyObject(publicKey), noteName: this.origin() };
  }
}
