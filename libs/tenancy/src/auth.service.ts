import { AuthenticationError } from '@ctxvault/common';
import { ApiKeyRepository } from '@ctxvault/persistence';
import { hashApiKey, hashesEqual, parseApiKey } from './api-key.material';
import { Principal } from './principal';

interface CacheEntry {
  principal: Principal;
  expiresAt: Date | null;
  until: number;
}

/** Turns a presented API key into a Principal, or says exactly why it cannot. */
export class AuthService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly cacheSeconds = 0,
  ) {}

  async authenticate(presented: string | undefined): Promise<Principal> {
    if (!presented) {
      throw new AuthenticationError('missing API key: send the header "Authorization: Bearer cv_<prefix>_<secret>"');
    }
    const parsed = parseApiKey(presented);
    if (!parsed) throw new AuthenticationError('malformed API key: expected the form cv_<prefix>_<secret>');
    const hash = hashApiKey(presented);
    const cacheKey = hash.toString('hex');
    const cached = this.cache.get(cacheKey);
    const now = Date.now();
    if (cached && cached.until > now && (!cached.expiresAt || cached.expiresAt.getTime() > now)) return cached.principal;

    const candidates = await this.keys.findByPrefix(parsed.prefix);
    const row = candidates.find((k) => hashesEqual(Buffer.from(k.secretHash), hash));
    if (!row) throw new AuthenticationError('unknown API key');
    if (row.revokedAt) throw new AuthenticationError(`API key ${row.id} was revoked at ${new Date(row.revokedAt).toISOString()}`);
    if (row.expiresAt && new Date(row.expiresAt).getTime() <= now) {
      throw new AuthenticationError(`API key ${row.id} expired at ${new Date(row.expiresAt).toISOString()}`);
    }
    const principal: Principal = { tenantId: row.tenantId, keyId: row.id, role: row.role, keyName: row.name };
    if (this.cacheSeconds > 0) {
      this.cache.set(cacheKey, {
        principal,
        expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
        until: now + this.cacheSeconds * 1000,
      });
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    }
    return principal;
  }
}
