import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62, randomLowerAlnum } from '@ctxvault/common';

/** cv_<12 lower-case alphanumerics>_<43 base62 characters: ~256 bits of secret>. */
export const API_KEY_PATTERN = /^cv_([a-z0-9]{12})_([A-Za-z0-9]{43})$/;
const PREFIX_LENGTH = 12;
const SECRET_LENGTH = 43;

export interface KeyMaterial {
  key: string;
  prefix: string;
  secretHash: Buffer;
}

export function generateApiKey(): KeyMaterial {
  const prefix = randomLowerAlnum(PREFIX_LENGTH);
  const key = `cv_${prefix}_${randomBase62(SECRET_LENGTH)}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function parseApiKey(raw: string): { prefix: string } | null {
  const m = API_KEY_PATTERN.exec(raw);
  return m ? { prefix: m[1] } : null;
}

/** The only form in which a key is stored. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function hashesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
