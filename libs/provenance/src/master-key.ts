import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Seals tenant private keys at rest with AES-256-GCM under the deployment's master key. */
export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static fromBase64(text: string): MasterKey {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32 || key.toString('base64') !== text.trim()) {
      throw new Error('CTXVAULT_MASTER_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)');
    }
    return new MasterKey(key);
  }

  static generateBase64(): string {
    return randomBytes(32).toString('base64');
  }

  /** nonce(12) ‖ ciphertext ‖ tag(16); the additional data binds the sealed key to its tenant and key id. */
  seal(plaintext: Buffer, aad: string): Buffer {
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, nonce);
    c.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([nonce, body, c.getAuthTag()]);
  }

  open(sealed: Buffer, aad: string): Buffer {
    if (sealed.length < 28) throw new Error('sealed key is too short');
    const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
    } catch {
      throw new Error('cannot unseal a signing key: wrong CTXVAULT_MASTER_KEY, or the stored key was altered');
    }
  }
}

/**
 * The deployment's master key: CTXVAULT_MASTER_KEY when set. Without it, only the embedded demo may
 * run, with a key generated once and kept beside its data (mode 600); anything else refuses to start.
 */
export function loadMasterKey(opts: { configured?: string; embedded: boolean; dataDir: string }): MasterKey {
  if (opts.configured) return MasterKey.fromBase64(opts.configured);
  if (!opts.embedded) {
    throw new Error('CTXVAULT_MASTER_KEY is required with DATABASE_URL: set it to 32 random bytes in base64 (e.g. `openssl rand -base64 32`)');
  }
  const dir = resolve(opts.dataDir);
  const file = join(dir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, MasterKey.generateBase64() + '\n', { mode: 0o600, flag: 'wx' });
  }
  return MasterKey.fromBase64(readFileSync(file, 'utf8').trim());
}
